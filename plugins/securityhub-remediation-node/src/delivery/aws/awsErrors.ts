/*
 * AWS errors as the portal shows them: which call failed on what, and AWS's
 * own words. An AccessDenied message from AWS already names the denied action
 * and resource ("… is not authorized to perform: codecommit:CreateCommit on
 * resource: arn:…"); it is kept whole, with the call it came from, so a
 * platform team can fix the policy from the record alone.
 */

/** The SDK's service exception shape, without depending on one client. */
interface AwsServiceError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: unknown;
}

function isAwsServiceError(error: unknown): error is AwsServiceError {
  return (
    error instanceof Error &&
    typeof (error as { $metadata?: unknown }).$metadata === 'object'
  );
}

/** The AWS error code (`name`) when `error` came from an AWS call. */
export function awsErrorCode(error: unknown): string | undefined {
  return isAwsServiceError(error) ? error.name : undefined;
}

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'ExpiredTokenException',
]);

/** An AWS call that failed, with what it was doing in the message. */
export class AwsCallError extends Error {
  name = 'AwsCallError';
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly call: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Wraps an error of `call` (e.g. `codecommit:CreateCommit`) on `resource`.
 * Throttling and 5xx reach this only after the SDK's own retries ran out.
 */
export function awsCallError(
  error: unknown,
  call: string,
  resource: string,
): AwsCallError {
  if (!isAwsServiceError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return new AwsCallError(
      `${call} on ${resource} failed: ${text}`,
      undefined,
      call,
      {
        cause: error,
      },
    );
  }
  const attempts = error.$metadata?.attempts;
  const retried =
    attempts && attempts > 1 ? ` (after ${attempts} attempts)` : '';
  const hint = ACCESS_DENIED.has(error.name)
    ? ' — the portal’s AWS role lacks this permission; see the IAM policy in infra/'
    : '';
  return new AwsCallError(
    `${call} on ${resource} failed${retried}: ${error.name}: ${error.message}${hint}`,
    error.name,
    call,
    { cause: error },
  );
}
