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
