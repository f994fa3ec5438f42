import type { AsffFinding } from '@internal/plugin-securityhub-remediation-common';
import { resourceDetail, resourceIdentifier } from '../knowledge';

/** The finding's resource a remediation acts on, and where it lives. */
export interface FindingTarget {
  resourceType: string;
  /** `Resources[].Id` as Security Hub reports it (often an ARN). */
  resourceId: string;
  details?: Record<string, unknown>;
  accountId: string;
  region: string;
}

/** A value a parameter takes from the finding (see ParameterFill / RunbookParameterValue). */
export type FindingValueSource =
  | { from: 'resourceId' }
  | { from: 'resourceName' }
  | { from: 'resourceDetail'; field?: string; path?: string }
  | { from: 'accountId' }
  | { from: 'region' };

/**
 * The resource of the finding that matches the automation's resource type
 * (a finding can list several resources; the first of the right type is the
 * one the control evaluated), else the first one.
 */
export function findingTarget(
  finding: AsffFinding,
  resourceType: string,
): FindingTarget {
  const resources = finding.Resources;
  const resource = resources.find(r => r.Type === resourceType) ?? resources[0];
  return {
    resourceType,
    resourceId: resource.Id,
    details: resource.Details as Record<string, unknown> | undefined,
    accountId: finding.AwsAccountId,
    region: resource.Region ?? finding.Region ?? '',
  };
}

/** A field of the resource's Details: `Field` or `Type.Field` (dots walk objects). */
function detailValue(
  target: FindingTarget,
  fieldOrPath: string,
): string | undefined {
  if (!fieldOrPath.includes('.')) {
    return resourceDetail(target.resourceType, fieldOrPath, target.details);
  }
  let value: unknown = target.details;
  for (const part of fieldOrPath.split('.')) {
    value =
      value && typeof value === 'object'
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The value of a parameter for this finding; undefined when the finding does not carry it. */
export function valueFromFinding(
  target: FindingTarget,
  source: FindingValueSource,
): string | undefined {
  switch (source.from) {
    case 'resourceId':
      return target.resourceId;
    case 'resourceName':
      return resourceIdentifier(
        target.resourceType,
        target.resourceId,
        target.details,
      );
    case 'resourceDetail':
      return detailValue(target, source.field ?? source.path ?? '');
    case 'accountId':
      return target.accountId;
    case 'region':
      return target.region || undefined;
    default:
      return undefined;
  }
}

/** Whether a resource id is an ARN the role's statements can name. */
export function isArn(value: string): boolean {
  return /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+/.test(value);
}
