import { ApiError, findingIdentifiersOf } from './securityHubApiError';

/** @public */
export interface FindingIdentifier {
  Id?: unknown;
  ProductArn?: unknown;
}

/**
 * Applies `BatchUpdateFindings` like Security Hub: `Workflow.Status` and
 * `Note` ({Text, UpdatedBy}) on every finding found by `Id` and
 * `ProductArn`, moving its `UpdatedAt`; unknown identifiers come back in
 * `UnprocessedFindings`. Other updatable fields are accepted and ignored.
 */
export function batchUpdateFindings(
  body: Record<string, unknown>,
  findings: Map<string, Record<string, unknown>>,
) {
  const identifiers = findingIdentifiersOf(body, 'InvalidInputException');
  const workflow = body.Workflow as { Status?: unknown } | undefined;
  const note = body.Note as { Text?: unknown; UpdatedBy?: unknown } | undefined;
  if (
    note !== undefined &&
    (typeof note.Text !== 'string' ||
      typeof note.UpdatedBy !== 'string' ||
      note.Text.length > 512 ||
      note.UpdatedBy.length > 512)
  ) {
    throw new ApiError(
      400,
      'InvalidInputException',
      'Note needs Text and UpdatedBy of at most 512 characters',
    );
  }
  const processed: FindingIdentifier[] = [];
  const unprocessed: object[] = [];
  const updatedAt = new Date().toISOString();
  for (const identifier of identifiers as FindingIdentifier[]) {
    const finding =
      typeof identifier.Id === 'string'
        ? findings.get(identifier.Id)
        : undefined;
    if (!finding || finding.ProductArn !== identifier.ProductArn) {
      unprocessed.push({
        FindingIdentifier: identifier,
        ErrorCode: 'FindingNotFound',
        ErrorMessage: 'Finding Not Found',
      });
      continue;
    }
    if (typeof workflow?.Status === 'string') {
      finding.Workflow = { Status: workflow.Status };
    }
    if (note) {
      finding.Note = {
        Text: note.Text,
        UpdatedBy: note.UpdatedBy,
        UpdatedAt: updatedAt,
      };
    }
    finding.UpdatedAt = updatedAt;
    processed.push(identifier);
  }
  return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
}
