import type { RemediationStatus } from '@internal/plugin-securityhub-remediation-common';

/** How the follow-up task paces itself; every field has a local default. */
export interface FollowUpOptions {
  /**
   * Delay before looking again at a record that is still waiting, per
   * status (ms). Defaults to 1 s so a local remediation ends in seconds; on
   * AWS pipeline stages want ~10 s and verification a minute or more.
   */
  intervalsMs?: Partial<Record<RemediationStatus, number>>;
  /** Default delay for statuses not in {@link FollowUpOptions.intervalsMs}. */
  defaultIntervalMs?: number;
  /** First retry delay after a failed call (ms); doubles on every attempt. */
  backoffBaseMs?: number;
  /** Longest retry delay (ms). */
  backoffMaxMs?: number;
  /** Failed calls in a row after which the stage fails. */
  maxAttempts?: number;
  /** How long a claimed record is held by one backend instance (ms). */
  leaseMs?: number;
  /** Steps taken in a row on one record while each completes at once. */
  maxStepsPerClaim?: number;
}

export type ResolvedFollowUpOptions = Required<
  Omit<FollowUpOptions, 'intervalsMs'>
> & { intervalsMs: Partial<Record<RemediationStatus, number>> };

export function resolveFollowUpOptions(
  options: FollowUpOptions = {},
): ResolvedFollowUpOptions {
  return {
    intervalsMs: options.intervalsMs ?? {},
    defaultIntervalMs: options.defaultIntervalMs ?? 1000,
    backoffBaseMs: options.backoffBaseMs ?? 2000,
    backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
    maxAttempts: options.maxAttempts ?? 5,
    leaseMs: options.leaseMs ?? 30_000,
    maxStepsPerClaim: options.maxStepsPerClaim ?? 10,
  };
}

export function intervalOf(
  options: ResolvedFollowUpOptions,
  status: RemediationStatus,
): number {
  return options.intervalsMs[status] ?? options.defaultIntervalMs;
}

/** Delay after the n-th failed call in a row (n ≥ 1). */
export function backoffOf(
  options: ResolvedFollowUpOptions,
  attempts: number,
): number {
  return Math.min(
    options.backoffMaxMs,
    options.backoffBaseMs * 2 ** Math.max(0, attempts - 1),
  );
}
