import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { FindingTriageResult } from '@internal/plugin-securityhub-remediation-common';
import { attachRateLimiter } from '../securityhub/client';
import { RateLimiter } from '../securityhub/RateLimiter';
import type {
  FindingTriageTarget,
  FindingsTriageUpdate,
  FindingsTriageWriter,
} from './FindingsTriageWriter';

/** `BatchUpdateFindings` takes at most 100 finding identifiers. @public */
export const BATCH_UPDATE_FINDINGS_MAX_IDS = 100;

/**
 * Pace of `BatchUpdateFindings` calls per account and region: a little under
 * the documented quota of 10 requests per second, so that requests bunched
 * up on the wire do not arrive faster than the quota allows.
 * @public
 */
export const DEFAULT_BATCH_UPDATE_FINDINGS_RATE_LIMIT = {
  requestsPerSecond: 8,
  burst: 5,
} as const;

/** Security Hub's limit of `Note.UpdatedBy`. */
const UPDATED_BY_MAX_LENGTH = 512;

/** Where the findings of one Security Hub findings source are written back. @public */
export interface SecurityHubTriageTarget {
  /** The findings source id (`<entry id>:<region>`) whose findings this client updates. */
  sourceId: string;
  /** Undefined: the account of the credentials (the integration's main account). */
  accountId?: string;
  region: string;
  /** A client with that account's credentials, in that region. */
  client: SecurityHubClient;
  /** Shared by every `BatchUpdateFindings` call to the account and region. */
  rateLimiter?: RateLimiter;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
}

function describeRequestError(error: unknown): string {
  const { name, message, $metadata } =
    typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
  const attempts = $metadata?.attempts;
  const tries = attempts ? ` after ${attempts} attempt(s)` : '';
  return `Security Hub BatchUpdateFindings failed${tries}: ${
    name ?? 'Error'
  }: ${message ?? String(error)}`;
}

/**
 * Writes a triage back to Security Hub with `BatchUpdateFindings`: grouped
 * by the source (account and region) each finding was read from, 100
 * identifiers per call, every call paced by the account and region's rate
 * limiter; the SDK retries throttling and server errors. Findings Security
 * Hub reports as unprocessed, and every finding of a call that still fails,
 * are answered `failed` with the reason.
 *
 * @public
 */
export class SecurityHubFindingsTriageWriter implements FindingsTriageWriter {
  readonly mode = 'securityhub' as const;
  private readonly targets: Map<string, SecurityHubTriageTarget>;

  constructor(targets: readonly SecurityHubTriageTarget[]) {
    this.targets = new Map(targets.map(t => [t.sourceId, t]));
    for (const target of targets) {
      attachRateLimiter(
        target.client,
        target.rateLimiter ??
          new RateLimiter(DEFAULT_BATCH_UPDATE_FINDINGS_RATE_LIMIT),
      );
    }
  }

  /** Whether findings of this source are written back to Security Hub. */
  handles(sourceId: string): boolean {
    return this.targets.has(sourceId);
  }

  async applyTriage(
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]> {
    const results = new Map<string, FindingTriageResult>();
    const bySource = new Map<string, FindingTriageTarget[]>();
    for (const finding of update.findings) {
      if (!this.targets.has(finding.sourceId)) {
        results.set(finding.findingId, {
          findingId: finding.findingId,
          status: 'failed',
          reason: `No Security Hub source '${finding.sourceId}' is configured to write this finding back`,
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
        const target = this.targets.get(sourceId)!;
        for (let i = 0; i < findings.length; ) {
          const chunk = findings.slice(i, i + BATCH_UPDATE_FINDINGS_MAX_IDS);
          i += chunk.length;
          for (const result of await this.updateChunk(target, chunk, update)) {
            results.set(result.findingId, result);
          }
        }
      }),
    );
    return update.findings.map(f => results.get(f.findingId)!);
  }

  private async updateChunk(
    target: SecurityHubTriageTarget,
    chunk: FindingTriageTarget[],
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]> {
    const input: BatchUpdateFindingsCommandInput = {
      FindingIdentifiers: chunk.map(f => ({
        Id: f.findingId,
        ProductArn: f.productArn,
      })),
    };
    if (update.change.workflowStatus) {
      input.Workflow = { Status: update.change.workflowStatus };
    }
    if (update.change.note !== undefined) {
      input.Note = {
        Text: update.change.note,
        UpdatedBy: update.updatedBy.slice(0, UPDATED_BY_MAX_LENGTH),
      };
    }
    let unprocessed: Map<string, string>;
    try {
      const output = await target.client.send(
        new BatchUpdateFindingsCommand(input),
      );
      unprocessed = new Map(
        (output.UnprocessedFindings ?? []).map(u => [
          u.FindingIdentifier?.Id ?? '',
          `Security Hub did not update it: ${u.ErrorCode ?? 'Error'}: ${
            u.ErrorMessage ?? 'no message'
          }`,
        ]),
      );
    } catch (error) {
      const reason = describeRequestError(error);
      return chunk.map(f => ({
        findingId: f.findingId,
        status: 'failed',
        reason,
      }));
    }
    return chunk.map(f => {
      const reason = unprocessed.get(f.findingId);
      return reason
        ? { findingId: f.findingId, status: 'failed', reason }
        : { findingId: f.findingId, status: 'updated' };
    });
  }
}
