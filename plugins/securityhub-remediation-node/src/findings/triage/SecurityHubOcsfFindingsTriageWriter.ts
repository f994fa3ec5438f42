import {
  BatchUpdateFindingsV2Command,
  type BatchUpdateFindingsV2CommandInput,
  type OcsfFindingIdentifier as SdkOcsfFindingIdentifier,
} from '@aws-sdk/client-securityhub';
import type { FindingTriageResult } from '@internal/plugin-securityhub-remediation-common';
import { ocsfStatusIdOfWorkflowStatus } from '../ocsf/ocsfWorkflowStatus';
import {
  chunkResults,
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

/** `BatchUpdateFindingsV2`'s limit of `Comment`. */
const COMMENT_MAX_LENGTH = 512;

/**
 * The note as a V2 `Comment`. V2 has no `UpdatedBy`, so the user's entity
 * ref leads the comment: who triaged stays on the finding in Security Hub,
 * and a long note is what gets cut at the limit, not the user.
 */
export function ocsfTriageComment(note: string, updatedBy: string): string {
  return `[${updatedBy}] ${note}`.slice(0, COMMENT_MAX_LENGTH);
}

const identifierKey = (id: SdkOcsfFindingIdentifier | undefined) =>
  JSON.stringify([
    id?.CloudAccountUid,
    id?.FindingInfoUid,
    id?.MetadataProductUid,
  ]);

/**
 * Writes a triage of OCSF findings (`securityhub-ocsf` sources, the new
 * Security Hub) back with `BatchUpdateFindingsV2`: the workflow status as
 * OCSF `StatusId`, the note as `Comment`. Grouped, chunked, paced and
 * reported per finding as {@link SecurityHubFindingsTriageWriter} does for
 * ASFF; a finding without OCSF identifiers fails without a call.
 *
 * @public
 */
export class SecurityHubOcsfFindingsTriageWriter extends SecurityHubBatchTriageWriter {
  constructor(targets: readonly SecurityHubTriageTarget[]) {
    super(targets, 'Security Hub OCSF');
  }

  protected async updateChunk(
    target: SecurityHubTriageTarget,
    chunk: FindingTriageTarget[],
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]> {
    const addressable = chunk.filter(f => f.ocsf);
    const unaddressable = failedChunk(
      chunk.filter(f => !f.ocsf),
      'The finding has no OCSF identifiers (cloud.account.uid, finding_info.uid, metadata.product.uid) to write it back with',
    );
    if (addressable.length === 0) return unaddressable;
    const idsByKey = new Map<string, string>();
    const input: BatchUpdateFindingsV2CommandInput = {
      FindingIdentifiers: addressable.map(f => {
        const identifier = {
          CloudAccountUid: f.ocsf!.cloudAccountUid,
          FindingInfoUid: f.ocsf!.findingInfoUid,
          MetadataProductUid: f.ocsf!.metadataProductUid,
        };
        idsByKey.set(identifierKey(identifier), f.findingId);
        return identifier;
      }),
    };
    if (update.change.workflowStatus) {
      input.StatusId = ocsfStatusIdOfWorkflowStatus(
        update.change.workflowStatus,
      );
    }
    if (update.change.note !== undefined) {
      input.Comment = ocsfTriageComment(update.change.note, update.updatedBy);
    }
    let results: FindingTriageResult[];
    try {
      const output = await target.client.send(
        new BatchUpdateFindingsV2Command(input),
      );
      const unprocessed = new Map(
        (output.UnprocessedFindings ?? []).map(u => [
          idsByKey.get(identifierKey(u.FindingIdentifier)) ?? '',
          unprocessedReason(u.ErrorCode, u.ErrorMessage),
        ]),
      );
      results = chunkResults(addressable, unprocessed);
    } catch (error) {
      results = failedChunk(
        addressable,
        describeRequestError('BatchUpdateFindingsV2', error),
      );
    }
    return [...results, ...unaddressable];
  }
}
