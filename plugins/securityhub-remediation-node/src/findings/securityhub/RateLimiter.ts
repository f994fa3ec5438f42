import { setTimeout as sleepFor } from 'node:timers/promises';

/** @public */
export interface RateLimiterOptions {
  /** Sustained rate: tokens added per second. */
  requestsPerSecond: number;
  /** Bucket size: requests allowed back to back after an idle period. */
  burst: number;
  /** Milliseconds on a monotonic clock; injectable for tests. */
  clock?: () => number;
  /** Waits `ms`, rejecting when `signal` aborts; injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const monotonicNow = () => performance.now();
const abortableSleep = (ms: number, signal?: AbortSignal) =>
  sleepFor(ms, undefined, { signal });

/**
 * Token bucket shared by every request to one account and region (the
 * Security Hub quota is per account and region).
 *
 * A caller that finds the bucket empty reserves the next token at once (the
 * balance goes negative) and sleeps until it is due, so concurrent callers
 * are served in arrival order without a queue.
 *
 * @public
 */
export class RateLimiter {
  readonly requestsPerSecond: number;
  readonly burst: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private tokens: number;
  private refilledAt: number;

  constructor(options: RateLimiterOptions) {
    if (
      !(options.requestsPerSecond > 0) ||
      !Number.isFinite(options.requestsPerSecond)
    ) {
      throw new RangeError(
        `requestsPerSecond must be a positive number, got ${options.requestsPerSecond}`,
      );
    }
    if (!Number.isInteger(options.burst) || options.burst < 1) {
      throw new RangeError(
        `burst must be a whole number of at least 1, got ${options.burst}`,
      );
    }
    this.requestsPerSecond = options.requestsPerSecond;
    this.burst = options.burst;
    this.clock = options.clock ?? monotonicNow;
    this.sleep = options.sleep ?? abortableSleep;
    this.tokens = options.burst;
    this.refilledAt = this.clock();
  }

  /** Tokens available now (negative while callers wait for reserved tokens). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /**
   * Resolves when the caller may send one request. Rejects with the signal's
   * reason if it aborts while waiting; the reserved token is then returned.
   */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const waitMs = (-this.tokens / this.requestsPerSecond) * 1000;
    try {
      await this.sleep(waitMs, signal);
    } catch (error) {
      this.refill();
      this.tokens = Math.min(this.burst, this.tokens + 1);
      throw error;
    }
  }

  private refill(): void {
    const now = this.clock();
    const elapsedMs = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(
      this.burst,
      this.tokens + (elapsedMs * this.requestsPerSecond) / 1000,
    );
    this.refilledAt = now;
  }
}
