import type { Config } from '@backstage/config';
import {
  SecurityHubFindingsTriageWriter,
  SecurityHubOcsfFindingsTriageWriter,
  securityHubOcsfTriageTargetsFromConfig,
  securityHubTriageTargetsFromConfig,
  SourceRoutingTriageWriter,
  type CreateSecurityHubFindingsSourcesOptions,
  type SecurityHubTriageTarget,
  type SourceTriageWriter,
} from '@internal/plugin-securityhub-remediation-node';
import { FINDINGS_CONFIG_KEY } from '../findingsSourcesFromConfig';

async function targetsOfType(
  config: Config,
  type: string,
  targetsFromConfig: typeof securityHubTriageTargetsFromConfig,
  options: CreateSecurityHubFindingsSourcesOptions | undefined,
): Promise<SecurityHubTriageTarget[]> {
  const entries = (
    config.getOptionalConfigArray(`${FINDINGS_CONFIG_KEY}.sources`) ?? []
  ).filter(entry => entry.getOptionalString('type') === type);
  const targets = [];
  for (const entry of entries) {
    targets.push(...(await targetsFromConfig(entry, config, options)));
  }
  return targets;
}

/**
 * The Security Hub write-back for the Security Hub entries of
 * `securityHubRemediation.findings.sources`, or undefined when there are
 * none: findings of `type: securityhub` sources (ASFF) go back with
 * `BatchUpdateFindings`, findings of `type: securityhub-ocsf` sources (OCSF,
 * the new Security Hub) with `BatchUpdateFindingsV2`. A finding is written
 * back when the source that stored it is one of these (same id, account
 * credentials and region); findings of any other source kind (ASFF files)
 * came from no Security Hub the portal can reach, so their triage stays in
 * the portal's store (local mode).
 */
export async function securityHubTriageWriterFromConfig(
  config: Config,
  options?: CreateSecurityHubFindingsSourcesOptions,
): Promise<SourceTriageWriter | undefined> {
  const asffTargets = await targetsOfType(
    config,
    'securityhub',
    securityHubTriageTargetsFromConfig,
    options,
  );
  const ocsfTargets = await targetsOfType(
    config,
    'securityhub-ocsf',
    securityHubOcsfTriageTargetsFromConfig,
    options,
  );
  const writers: SourceTriageWriter[] = [];
  if (asffTargets.length > 0) {
    writers.push(new SecurityHubFindingsTriageWriter(asffTargets));
  }
  if (ocsfTargets.length > 0) {
    writers.push(new SecurityHubOcsfFindingsTriageWriter(ocsfTargets));
  }
  return writers.length > 0
    ? new SourceRoutingTriageWriter(writers)
    : undefined;
}
