import type { Config } from '@backstage/config';
import {
  SecurityHubFindingsTriageWriter,
  securityHubTriageTargetsFromConfig,
  type CreateSecurityHubFindingsSourcesOptions,
} from '@internal/plugin-securityhub-remediation-node';
import { FINDINGS_CONFIG_KEY } from '../findingsSourcesFromConfig';

/**
 * The Security Hub write-back for the `type: securityhub` entries of
 * `securityHubRemediation.findings.sources`, or undefined when there are
 * none. A finding is written back when the source that stored it is one of
 * these (same id, account credentials and region); findings of any other
 * source kind (ASFF files) came from no Security Hub the portal can reach, so
 * their triage stays in the portal's store (local mode).
 */
export async function securityHubTriageWriterFromConfig(
  config: Config,
  options?: CreateSecurityHubFindingsSourcesOptions,
): Promise<SecurityHubFindingsTriageWriter | undefined> {
  const entries = (
    config.getOptionalConfigArray(`${FINDINGS_CONFIG_KEY}.sources`) ?? []
  ).filter(entry => entry.getOptionalString('type') === 'securityhub');
  if (entries.length === 0) return undefined;
  const targets = [];
  for (const entry of entries) {
    targets.push(
      ...(await securityHubTriageTargetsFromConfig(entry, config, options)),
    );
  }
  return new SecurityHubFindingsTriageWriter(targets);
}
