export {
  SecurityHubFindingsSource,
  SecurityHubReadError,
  GET_FINDINGS_MAX_PAGE_SIZE,
  DEFAULT_PRODUCT_NAMES,
} from './SecurityHubFindingsSource';
export type {
  SecurityHubFindingsSourceOptions,
  SecurityHubReadFailure,
} from './SecurityHubFindingsSource';
export { RateLimiter } from './RateLimiter';
export type { RateLimiterOptions } from './RateLimiter';
export {
  attachRateLimiter,
  createSecurityHubClient,
  exponentialBackoffWithJitter,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_SECURITY_HUB_MAX_ATTEMPTS,
  RATE_LIMITER_MIDDLEWARE_NAME,
} from './client';
export type { SecurityHubClientSettings } from './client';
export {
  createSecurityHubFindingsSources,
  readSecurityHubSourceConfig,
  DEFAULT_GET_FINDINGS_RATE_LIMIT,
} from './config';
export type {
  CreateSecurityHubFindingsSourcesOptions,
  SecurityHubClientFactorySettings,
  SecurityHubSourceConfig,
} from './config';
