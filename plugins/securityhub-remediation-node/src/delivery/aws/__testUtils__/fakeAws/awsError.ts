/**
 * An error answer of a fake AWS service: the error code (`__type` /
 * `x-amzn-ErrorType`), the HTTP status and the message, as AWS sends them.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = statusOf(code),
  ) {
    super(message);
    this.name = code;
  }
}

function statusOf(code: string): number {
  return code === 'InternalFailure' ||
    code === 'InternalServerError' ||
    code === 'InternalException' ||
    code === 'ServiceUnavailable' ||
    code === 'ServiceUnavailableException'
    ? 500
    : 400;
}

/** The ValidationException AWS answers for a missing required member. */
export function requireString(
  input: Record<string, unknown>,
  member: string,
  code = 'ValidationException',
): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      code,
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}
