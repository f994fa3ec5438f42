import type { Config } from '@backstage/config';
import { z } from 'zod';
import {
  parseSourceEntry,
  securityHubSourceEntrySchema,
  securityHubSourcesPerRegion,
  type CreateSecurityHubFindingsSourcesOptions,
} from '../securityhub/config';
import { SecurityHubOcsfFindingsSource } from './SecurityHubOcsfFindingsSource';

/**
 * A `type: securityhub-ocsf` entry: the keys of a `securityhub` entry
 * (account, regions, endpoint, rate limit, attempts) with `productNames`
 * filtering `metadata.product.name` (all products when absent). The
 * `GetFindingsV2` quota is not published apart from `GetFindings`, so the
 * rate limit defaults to the `GetFindings` one (3 per second, bursts of 6).
 */
const ocsfSourceEntrySchema = securityHubSourceEntrySchema
  .omit({ type: true, memberAccountIds: true })
  .extend({ type: z.literal('securityhub-ocsf') })
  .strict();

/** A validated `type: securityhub-ocsf` entry. @public */
export type SecurityHubOcsfSourceConfig = z.infer<typeof ocsfSourceEntrySchema>;

/**
 * Validates one `type: securityhub-ocsf` entry of
 * `securityHubRemediation.findings.sources`; throws naming the source id
 * and every offending key.
 *
 * @public
 */
export function readSecurityHubOcsfSourceConfig(
  sourceConfig: Config,
): SecurityHubOcsfSourceConfig {
  return parseSourceEntry(
    ocsfSourceEntrySchema,
    sourceConfig,
    'securityhub-ocsf',
  );
}

/**
 * Builds the OCSF findings sources of one `type: securityhub-ocsf` entry:
 * one per region, each with its own rate limiter (quotas apply per account
 * and region), with the same credentials and clients as `securityhub`.
 *
 * @public
 */
export async function createSecurityHubOcsfFindingsSources(
  sourceConfig: Config,
  rootConfig: Config,
  options: CreateSecurityHubFindingsSourcesOptions = {},
): Promise<SecurityHubOcsfFindingsSource[]> {
  const entry = readSecurityHubOcsfSourceConfig(sourceConfig);
  return securityHubSourcesPerRegion(
    entry,
    rootConfig,
    options,
    regionOptions =>
      new SecurityHubOcsfFindingsSource({
        ...regionOptions,
        productNames: entry.productNames,
      }),
  );
}
