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
