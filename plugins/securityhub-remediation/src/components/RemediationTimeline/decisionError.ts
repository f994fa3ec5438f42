import { ResponseError } from '@backstage/errors';

/**
 * What to tell the user when the backend refuses a decision or retry: its
 * own message (it says why), with what the status means for them.
 */
export function decisionErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const reason = ResponseError.is(error)
    ? error.cause?.message || error.message
    : error.message;
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 403) return `Not allowed: ${reason}`;
  if (status === 409) {
    return `${reason} The remediation has moved on; the page shows its current state.`;
  }
  return reason;
}
