import type { Config } from '@backstage/config';

export const PERMISSION_CACHE_SECONDS_KEY =
  'securityHubRemediation.findings.permissionCacheSeconds';

/** Default reuse of a read decision: a policy change applies within 5 s. */
export const DEFAULT_PERMISSION_CACHE_SECONDS = 5;

/** The findings routes' settings from the app config. */
export function readFindingsReadConfig(config: Config): {
  permissionCacheSeconds: number;
} {
  const seconds =
    config.getOptionalNumber(PERMISSION_CACHE_SECONDS_KEY) ??
    DEFAULT_PERMISSION_CACHE_SECONDS;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 300) {
    throw new Error(
      `${PERMISSION_CACHE_SECONDS_KEY} must be between 0 (off) and 300 seconds, got ${seconds}`,
    );
  }
  return { permissionCacheSeconds: seconds };
}

export const TEXT_INDEX_MAX_FINDINGS_KEY =
  'securityHubRemediation.findings.textIndexMaxFindings';

/** ~45 bytes a finding plus its distinct titles, resource ids and tag sets. */
export const DEFAULT_TEXT_INDEX_MAX_FINDINGS = 3_000_000;

/**
 * Up to how many findings free-text searches are answered from an index in
 * memory (see `FindingsTextIndex`); 0 keeps none, and SQL answers them.
 */
export function readTextIndexMaxFindings(config: Config): number {
  const max =
    config.getOptionalNumber(TEXT_INDEX_MAX_FINDINGS_KEY) ??
    DEFAULT_TEXT_INDEX_MAX_FINDINGS;
  if (!Number.isInteger(max) || max < 0) {
    throw new Error(
      `${TEXT_INDEX_MAX_FINDINGS_KEY} must be a whole number of findings, 0 for no index, got ${max}`,
    );
  }
  return max;
}
