import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SecurityHubControl } from '@internal/plugin-securityhub-remediation-common';
import { fetchControlDefinitions } from './fetchControlDefinitions';
import {
  mergeControlCatalog,
  type MergeControlCatalogOptions,
} from './mergeControlCatalog';
import type { ControlCatalogDiff } from './types';

const FSBP_STANDARDS_ARN =
  /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+::standards\/aws-foundational-security-best-practices\/v\/[0-9.]+$/;

/**
 * ARN of the AWS Foundational Security Best Practices standard in `region`
 * (`arn:aws-cn:…` in China, `arn:aws-us-gov:…` in GovCloud).
 *
 * @public
 */
export function fsbpStandardsArn(region: string): string {
  let partition = 'aws';
  if (region.startsWith('cn-')) partition = 'aws-cn';
  else if (region.startsWith('us-gov-')) partition = 'aws-us-gov';
  return `arn:${partition}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

/** @public */
export interface RefreshControlCatalogOptions {
  /** A client of the region to read, as `createSecurityHubClient` makes it. */
  client: SecurityHubClient;
  bundled: readonly SecurityHubControl[];
  /** FSBP standard ARN ({@link fsbpStandardsArn}); when given, `inFsbp` follows its membership. */
  standardsArn?: string;
  resourceTypeOf?: MergeControlCatalogOptions['resourceTypeOf'];
  signal?: AbortSignal;
  /** Injectable for tests. */
  now?: () => Date;
}

/** @public */
export interface RefreshedControlCatalog {
  controls: SecurityHubControl[];
  diff: ControlCatalogDiff;
  /** ISO 8601 time the live list was read. */
  fetchedAt: string;
}

/**
 * Reads the region's complete control list (and, given the FSBP ARN, the
 * standard's members) and merges it into the bundled catalog. A failed
 * request throws `ControlCatalogRefreshError`; nothing partial is merged.
 *
 * @public
 */
export async function refreshControlCatalog(
  options: RefreshControlCatalogOptions,
): Promise<RefreshedControlCatalog> {
  const { client, bundled, standardsArn, signal } = options;
  // Membership of another standard would silently rewrite `inFsbp`.
  if (standardsArn !== undefined && !FSBP_STANDARDS_ARN.test(standardsArn)) {
    throw new TypeError(
      `standardsArn must be the AWS Foundational Security Best Practices standard, got '${standardsArn}'`,
    );
  }
  const fetchedAt = (options.now ?? (() => new Date()))().toISOString();
  // The unfiltered list is the complete one; the standard's list only
  // tells membership. Read one after the other to stay within the quota.
  const live = await fetchControlDefinitions(client, { signal });
  const fsbp = standardsArn
    ? await fetchControlDefinitions(client, { standardsArn, signal })
    : undefined;
  const { controls, diff } = mergeControlCatalog(bundled, live, {
    fsbpIds: fsbp?.definitions.map(definition => definition.id),
    resourceTypeOf: options.resourceTypeOf,
  });
  return { controls, diff, fetchedAt };
}
