import { ApiError, findingIdentifiersOf } from './securityHubApiError';

/** @public */
export interface OcsfFindingIdentifierBody {
  CloudAccountUid?: unknown;
  FindingInfoUid?: unknown;
  MetadataProductUid?: unknown;
}

/** OCSF `status_id` values V2 accepts, with the caption it sets alongside. */
const STATUS_CAPTIONS: Record<number, string> = {
  0: 'Unknown',
  1: 'New',
  2: 'In Progress',
  3: 'Suppressed',
  4: 'Resolved',
  5: 'Archived',
  99: 'Other',
};

const uidAt = (finding: Record<string, unknown>, ...path: string[]) =>
  path.reduce<unknown>(
    (at, key) =>
      typeof at === 'object' && at !== null
        ? (at as Record<string, unknown>)[key]
        : undefined,
    finding,
  );

/**
 * Applies `BatchUpdateFindingsV2` like the new Security Hub: `StatusId` (and
 * its `status` caption) and `Comment` on every OCSF finding found by its
 * `FindingIdentifiers` (account, `finding_info.uid`, product); unknown
 * identifiers come back in `UnprocessedFindings`. As documented, the times
 * (`finding_info.modified_time*`, `time*`) are left alone. `MetadataUids`
 * and `SeverityId` are not served.
 */
export function batchUpdateFindingsV2(
  body: Record<string, unknown>,
  findings: Map<string, Record<string, unknown>>,
) {
  const identifiers = findingIdentifiersOf(body, 'ValidationException');
  const { StatusId: statusId, Comment: comment } = body;
  if (
    statusId !== undefined &&
    (typeof statusId !== 'number' || !(statusId in STATUS_CAPTIONS))
  ) {
    throw new ApiError(400, 'ValidationException', 'StatusId is not allowed');
  }
  if (
    comment !== undefined &&
    (typeof comment !== 'string' || comment.length < 1 || comment.length > 512)
  ) {
    throw new ApiError(
      400,
      'ValidationException',
      'Comment must be 1 to 512 characters',
    );
  }
  const processed: object[] = [];
  const unprocessed: object[] = [];
  for (const identifier of identifiers as OcsfFindingIdentifierBody[]) {
    const finding =
      typeof identifier.FindingInfoUid === 'string'
        ? findings.get(identifier.FindingInfoUid)
        : undefined;
    if (
      !finding ||
      uidAt(finding, 'cloud', 'account', 'uid') !==
        identifier.CloudAccountUid ||
      uidAt(finding, 'metadata', 'product', 'uid') !==
        identifier.MetadataProductUid
    ) {
      unprocessed.push({
        FindingIdentifier: identifier,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: 'Finding not found',
      });
      continue;
    }
    if (typeof statusId === 'number') {
      finding.status_id = statusId;
      finding.status = STATUS_CAPTIONS[statusId];
    }
    if (typeof comment === 'string') finding.comment = comment;
    processed.push({
      FindingIdentifier: identifier,
      MetadataUid: uidAt(finding, 'metadata', 'uid'),
    });
  }
  return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
}
