import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isTerminalRemediationStatus } from '@internal/plugin-securityhub-remediation-common';
import { advanceRemediation, type AdvanceDeps } from './advanceRemediation';
import { RemediationVersionConflictError } from './RemediationStore';

export interface FollowUpRunOptions {
  /** Records claimed per run. */
  limit?: number;
  signal?: AbortSignal;
  /** Lease owner; one per backend instance and run. */
  owner?: string;
}

/**
 * Claims the due records, advances each one or more steps (while each step
 * completes at once, up to `maxStepsPerClaim`) and gives the lease back.
 * Answers how many records moved to a new status.
 */
export async function followUpDue(
  deps: Omit<AdvanceDeps, 'now'> & { clock: () => Date; logger: LoggerService },
  run: FollowUpRunOptions = {},
): Promise<number> {
  const { store, options, clock, logger } = deps;
  const owner = run.owner ?? `remediation-follow-up-${randomUUID()}`;
  const claimed = await store.claimDue(
    clock(),
    owner,
    options.leaseMs,
    run.limit ?? 20,
  );
  let advanced = 0;
  for (const first of claimed) {
    try {
      if (run.signal?.aborted) continue;
      let record = first;
      for (let step = 0; step < options.maxStepsPerClaim; step++) {
        const outcome = await advanceRemediation(record, {
          ...deps,
          now: clock(),
        });
        record = outcome.record;
        if (!outcome.progressed) break;
        if (step === 0) advanced++;
        if (run.signal?.aborted || isTerminalRemediationStatus(record.status)) {
          break;
        }
      }
    } catch (error) {
      // A version conflict means another writer got there first; the record
      // is looked at again on a later run.
      if (!(error instanceof RemediationVersionConflictError)) {
        logger.error(
          `Follow-up of remediation ${first.id} failed: ${
            (error as Error).message
          }`,
        );
      }
    } finally {
      await store.release(first.id, owner);
    }
  }
  return advanced;
}
