import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import type { FindingTriageResult } from '@internal/plugin-securityhub-remediation-common';
import {
  BATCH_UPDATE_MAX_IDS,
  chunkResults,
  DEFAULT_BATCH_UPDATE_RATE_LIMIT,
  describeRequestError,
  failedChunk,
  unprocessedReason,
} from './batchTriage';
import type {
  FindingTriageTarget,
  FindingsTriageUpdate,
} from './FindingsTriageWriter';
import { SecurityHubBatchTriageWriter } from './SecurityHubBatchTriageWriter';
import type { SecurityHubTriageTarget } from './SecurityHubTriageTarget';

/** `BatchUpdateFindings` takes at most 100 finding identifiers. @public */
export const BATCH_UPDATE_FINDINGS_MAX_IDS = BATCH_UPDATE_MAX_IDS;

/**
 * Pace of `BatchUpdateFindings` calls per account and region, under the
 * documented quota of 10 requests per second.
 * @public
 */
export const DEFAULT_BATCH_UPDATE_FINDINGS_RATE_LIMIT =
  DEFAULT_BATCH_UPDATE_RATE_LIMIT;

/** Security Hub's limit of `Note.UpdatedBy`. */
const UPDATED_BY_MAX_LENGTH = 512;

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
export class SecurityHubFindingsTriageWriter extends SecurityHubBatchTriageWriter {
  constructor(targets: readonly SecurityHubTriageTarget[]) {
    super(targets, 'Security Hub');
  }

  protected async updateChunk(
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
          unprocessedReason(u.ErrorCode, u.ErrorMessage),
        ]),
      );
    } catch (error) {
      return failedChunk(
        chunk,
        describeRequestError('BatchUpdateFindings', error),
      );
    }
    return chunkResults(chunk, unprocessed);
  }
}
