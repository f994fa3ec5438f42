import {
  SecurityHubClient,
  type SecurityHubClientConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-securityhub';
import type {
  AwsCredentialIdentityProvider,
  FinalizeRequestMiddleware,
  HandlerExecutionContext,
} from '@aws-sdk/types';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import type { RateLimiter } from './RateLimiter';

/** @public */
export const DEFAULT_SECURITY_HUB_MAX_ATTEMPTS = 8;
/** @public */
export const DEFAULT_RETRY_BASE_DELAY_MS = 250;
/** @public */
export const DEFAULT_RETRY_MAX_DELAY_MS = 20_000;

/** @public */
export interface SecurityHubClientSettings {
  region: string;
  /** Default: the SDK's default provider chain (command-line use). */
  credentials?: AwsCredentialIdentityProvider;
  /** Endpoint override: a VPC endpoint, or a local test server. */
  endpoint?: string;
  /** Attempts per request, the first one included. Default 8. */
  maxAttempts?: number;
  /** First retry waits up to this long; each further retry doubles it. Default 250 ms. */
  retryBaseDelayMs?: number;
  /** Upper bound of one retry wait. Default 20 s. */
  retryMaxDelayMs?: number;
  /** Custom HTTP handler (a proxy agent, or a fake transport in tests). */
  requestHandler?: SecurityHubClientConfig['requestHandler'];
}

/**
 * "Full jitter" exponential backoff: retry n waits a random time in
 * [0, min(max, base * 2^(n-1))). Jitter spreads the retries of clients that
 * were throttled together, so they do not collide again.
 *
 * @public
 */
export function exponentialBackoffWithJitter(
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): (retryNumber: number) => number {
  return retryNumber => {
    const ceiling = Math.min(
      maxDelayMs,
      baseDelayMs * 2 ** Math.max(0, retryNumber - 1),
    );
    return Math.floor(random() * ceiling);
  };
}

/**
 * A Security Hub client whose retries back off exponentially with jitter.
 * Throttling (429 `TooManyRequestsException`, `ThrottlingException`) and
 * transient 5xx errors are retried by the SDK's retry middleware.
 *
 * @public
 */
export function createSecurityHubClient(
  settings: SecurityHubClientSettings,
): SecurityHubClient {
  const maxAttempts = settings.maxAttempts ?? DEFAULT_SECURITY_HUB_MAX_ATTEMPTS;
  return new SecurityHubClient({
    region: settings.region,
    credentials: settings.credentials,
    endpoint: settings.endpoint,
    requestHandler: settings.requestHandler,
    maxAttempts,
    retryStrategy: new ConfiguredRetryStrategy(
      maxAttempts,
      exponentialBackoffWithJitter(
        settings.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
        settings.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
      ),
    ),
  });
}

/** Name of the middleware that {@link attachRateLimiter} adds. @public */
export const RATE_LIMITER_MIDDLEWARE_NAME = 'securityHubRateLimiter';

function abortSignalOf(context: HandlerExecutionContext) {
  const signal = context.__smithy_context?.abortSignal;
  return signal instanceof AbortSignal ? signal : undefined;
}

/**
 * Makes every HTTP attempt of `client` wait for a token of `limiter`.
 *
 * The middleware sits in the `finalizeRequest` step right after the SDK's
 * `retryMiddleware`, so retries pay for a token too (a throttled retry storm
 * would otherwise exceed the quota again), and before signing, so waiting
 * does not age the signature.
 *
 * @public
 */
export function attachRateLimiter(
  client: SecurityHubClient,
  limiter: RateLimiter,
): void {
  const middleware: FinalizeRequestMiddleware<
    ServiceInputTypes,
    ServiceOutputTypes
  > = (next, context) => async args => {
    await limiter.take(abortSignalOf(context));
    return next(args);
  };
  client.middlewareStack.addRelativeTo(middleware, {
    name: RATE_LIMITER_MIDDLEWARE_NAME,
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    override: true,
  });
}
