import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  AsffFileFindingsSource,
  createSecurityHubFindingsSources,
  createSecurityHubOcsfFindingsSources,
  type FindingsSource,
} from '@internal/plugin-securityhub-remediation-node';

export const FINDINGS_CONFIG_KEY = 'securityHubRemediation.findings';

/**
 * Builds the configured findings sources (`securityHubRemediation.findings.sources`).
 * Fails at start-up on a bad entry or duplicate ids: a sync that silently
 * skips a source would show a posture that looks better than it is.
 */
export async function findingsSourcesFromConfig(
  config: Config,
  logger: LoggerService,
): Promise<FindingsSource[]> {
  const entries =
    config.getOptionalConfigArray(`${FINDINGS_CONFIG_KEY}.sources`) ?? [];
  const sources: FindingsSource[] = [];
  for (const entry of entries) {
    const type = entry.getString('type');
    if (type === 'asff-files') {
      sources.push(AsffFileFindingsSource.fromConfig(entry));
    } else if (type === 'securityhub') {
      sources.push(...(await createSecurityHubFindingsSources(entry, config)));
    } else if (type === 'securityhub-ocsf') {
      sources.push(
        ...(await createSecurityHubOcsfFindingsSources(entry, config)),
      );
    } else {
      throw new Error(
        `${FINDINGS_CONFIG_KEY}.sources: unknown type '${type}' of source '${
          entry.getOptionalString('id') ?? '?'
        }'; use 'asff-files', 'securityhub' or 'securityhub-ocsf'`,
      );
    }
  }
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.id)) {
      throw new Error(
        `${FINDINGS_CONFIG_KEY}.sources: the id '${source.id}' is used twice; each source needs its own id (it keys the sync watermark)`,
      );
    }
    seen.add(source.id);
  }
  if (sources.length === 0) {
    logger.warn(
      `No findings sources configured under ${FINDINGS_CONFIG_KEY}.sources; the findings page will stay empty`,
    );
  }
  return sources;
}
