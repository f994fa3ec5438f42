import type { FindingTriageResult } from '@internal/plugin-securityhub-remediation-common';
import { attachRateLimiter } from '../securityhub/client';
import { RateLimiter } from '../securityhub/RateLimiter';
import type {
  FindingTriageTarget,
  FindingsTriageUpdate,
} from './FindingsTriageWriter';
import type { SecurityHubTriageTarget } from './SecurityHubTriageTarget';

/**
 * What `BatchUpdateFindings` and `BatchUpdateFindingsV2` share: at most 100
 * findings a call. No separate V2 limits are published, so V2 is held to
 * V1's.
 */
export const BATCH_UPDATE_MAX_IDS = 100;

/**
 * Pace of batch update calls per account and region: a little under the
 * documented `BatchUpdateFindings` quota of 10 requests per second, so that
 * requests bunched up on the wire do not arrive faster than the quota allows.
 */
export const DEFAULT_BATCH_UPDATE_RATE_LIMIT = {
  requestsPerSecond: 8,
  burst: 5,
} as const;

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
}

/** The reason every finding of a call that failed as a whole is answered with. */
export function describeRequestError(
  operation: string,
  error: unknown,
): string {
  const { name, message, $metadata } =
    typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
  const attempts = $metadata?.attempts;
  const tries = attempts ? ` after ${attempts} attempt(s)` : '';
  return `Security Hub ${operation} failed${tries}: ${name ?? 'Error'}: ${
    message ?? String(error)
  }`;
}

/** Paces every call of each target's client, by its own limiter or a default one. */
export function attachBatchUpdateRateLimiters(
  targets: readonly SecurityHubTriageTarget[],
): void {
  for (const target of targets) {
    attachRateLimiter(
      target.client,
      target.rateLimiter ?? new RateLimiter(DEFAULT_BATCH_UPDATE_RATE_LIMIT),
    );
  }
}

/** Updates one chunk of one target's findings, answering a result per finding. */
export type UpdateChunk = (
  target: SecurityHubTriageTarget,
  chunk: FindingTriageTarget[],
  update: FindingsTriageUpdate,
) => Promise<FindingTriageResult[]>;

/**
 * Groups the findings by the source they were read from, sends each group
 * in chunks of {@link BATCH_UPDATE_MAX_IDS}, and answers one result per
 * finding in the order given. A finding of a source with no target fails
 * with `unknownSource`'s reason.
 */
export async function triageBySource(
  targets: ReadonlyMap<string, SecurityHubTriageTarget>,
  update: FindingsTriageUpdate,
  updateChunk: UpdateChunk,
  unknownSource: (sourceId: string) => string,
): Promise<FindingTriageResult[]> {
  const results = new Map<string, FindingTriageResult>();
  const bySource = new Map<string, FindingTriageTarget[]>();
  for (const finding of update.findings) {
    if (!targets.has(finding.sourceId)) {
      results.set(finding.findingId, {
        findingId: finding.findingId,
        status: 'failed',
        reason: unknownSource(finding.sourceId),
      });
      continue;
    }
    const group = bySource.get(finding.sourceId) ?? [];
    group.push(finding);
    bySource.set(finding.sourceId, group);
  }
  // Sources are different accounts or regions, with quotas of their own.
  await Promise.all(
    [...bySource].map(async ([sourceId, findings]) => {
      const target = targets.get(sourceId)!;
      for (let i = 0; i < findings.length; ) {
        const chunk = findings.slice(i, i + BATCH_UPDATE_MAX_IDS);
        i += chunk.length;
        for (const result of await updateChunk(target, chunk, update)) {
          results.set(result.findingId, result);
        }
      }
    }),
  );
  return update.findings.map(f => results.get(f.findingId)!);
}

/** Every finding of a chunk, failed with one reason. */
export function failedChunk(
  chunk: FindingTriageTarget[],
  reason: string,
): FindingTriageResult[] {
  return chunk.map(f => ({ findingId: f.findingId, status: 'failed', reason }));
}

/** Why Security Hub left a finding of a call unprocessed. */
export function unprocessedReason(
  errorCode: string | undefined,
  errorMessage: string | undefined,
): string {
  return `Security Hub did not update it: ${errorCode ?? 'Error'}: ${
    errorMessage ?? 'no message'
  }`;
}

/** A chunk's results: `failed` with the reason for the unprocessed findings (by id), `updated` for the others. */
export function chunkResults(
  chunk: FindingTriageTarget[],
  unprocessed: ReadonlyMap<string, string>,
): FindingTriageResult[] {
  return chunk.map(f => {
    const reason = unprocessed.get(f.findingId);
    return reason
      ? { findingId: f.findingId, status: 'failed', reason }
      : { findingId: f.findingId, status: 'updated' };
  });
}
