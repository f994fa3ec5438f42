import type { SecurityControlDefinition } from '@aws-sdk/client-securityhub';
import type { SecurityHubControl } from '@internal/plugin-securityhub-remediation-common';
import type { LiveControlDefinition, LiveControlList } from '../types';

export const REGION = 'us-east-1';
export const FSBP_ARN = `arn:aws:securityhub:${REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`;
export const credentials = async () => ({
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
});

/** An SDK definition of `id` with plausible fields. */
export function sdkDefinition(
  id: string,
  overrides: Partial<SecurityControlDefinition> = {},
): SecurityControlDefinition {
  return {
    SecurityControlId: id,
    Title: `${id} resources should be configured`,
    Description: `This control checks ${id}.`,
    RemediationUrl: `https://docs.aws.amazon.com/console/securityhub/${id}/remediation`,
    SeverityRating: 'MEDIUM',
    CurrentRegionAvailability: 'AVAILABLE',
    ...overrides,
  };
}

/** `count` SDK definitions `Svc.1` … `Svc.<count>`. */
export function sdkDefinitions(
  count: number,
  service = 'Svc',
): SecurityControlDefinition[] {
  return Array.from({ length: count }, (_, i) =>
    sdkDefinition(`${service}.${i + 1}`),
  );
}

export function bundledControl(
  id: string,
  overrides: Partial<SecurityHubControl> = {},
): SecurityHubControl {
  return {
    id,
    service: id.split('.')[0],
    title: `${id} title`,
    titleVariants: [],
    severity: 'MEDIUM',
    configRule: null,
    runbook: null,
    inFsbp: false,
    status: 'active',
    resourceType: 'AwsS3Bucket',
    ...overrides,
  };
}

export function liveDefinition(
  id: string,
  overrides: Partial<LiveControlDefinition> = {},
): LiveControlDefinition {
  return {
    id,
    title: `${id} title`,
    description: '',
    severity: 'medium',
    currentRegionAvailability: 'AVAILABLE',
    remediationUrl: undefined,
    ...overrides,
  };
}

export function liveList(
  definitions: LiveControlDefinition[],
  complete = true,
): LiveControlList {
  return { definitions, complete };
}

/** An SDK service error as the retry middleware leaves it after the last attempt. */
export function throttlingError(attempts = 8) {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'TooManyRequestsException',
    $metadata: { attempts, httpStatusCode: 429 },
  });
}
