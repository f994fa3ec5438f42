/** An error answer of the local Security Hub: HTTP status, `x-amzn-ErrorType` and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** A batch update's `FindingIdentifiers`: 1 to 100, as Security Hub checks. */
export function findingIdentifiersOf(
  body: Record<string, unknown>,
  errorCode: string,
): unknown[] {
  const identifiers = body.FindingIdentifiers;
  if (
    !Array.isArray(identifiers) ||
    identifiers.length < 1 ||
    identifiers.length > 100
  ) {
    throw new ApiError(
      400,
      errorCode,
      'FindingIdentifiers must list 1 to 100 findings',
    );
  }
  return identifiers;
}
