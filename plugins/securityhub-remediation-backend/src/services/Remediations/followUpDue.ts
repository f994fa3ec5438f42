import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isTerminalRemediationStatus } from '@internal/plugin-securityhub-remediation-common';
import { advanceRemediation, type AdvanceDeps } from './advanceRemediation';
import { RemediationVersionConflictError } from './RemediationStore';

export interface FollowUpRunOptions {
  /** Most records looked at per run. */
  limit?: number;
  signal?: AbortSignal;
  /** Lease owner; one per backend instance and run. */
  owner?: string;
}

/**
 * Advances the due records one at a time: claims one (a lease), moves it one
 * or more steps (while each step completes at once, up to
 * `maxStepsPerClaim`), gives the lease back, and claims the next. Holding one
 * lease at a time means a backend that dies mid-run strands at most one
 * record until its lease runs out; the others stay free for any instance.
 * Answers how many records moved to a new status.
 */
export async function followUpDue(
  deps: Omit<AdvanceDeps, 'now'> & { clock: () => Date; logger: LoggerService },
  run: FollowUpRunOptions = {},
): Promise<number> {
  const { store, options, clock, logger } = deps;
  const owner = run.owner ?? `remediation-follow-up-${randomUUID()}`;
  const limit = run.limit ?? 20;
  const seen = new Set<string>();
  let advanced = 0;
  while (seen.size < limit && !run.signal?.aborted) {
    const [first] = await store.claimDue(clock(), owner, options.leaseMs, 1);
    if (!first) break;
    if (seen.has(first.id)) {
      // Due again already: everything else due was looked at in this run.
      await store.release(first.id, owner);
      break;
    }
    seen.add(first.id);
    try {
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
