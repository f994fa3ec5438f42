import { CustomErrorBase } from '@backstage/errors';

/** Where a refresh request failed: a page of the list, or a range of ids. @public */
export type ControlCatalogRefreshErrorDetails =
  | {
      operation: 'ListSecurityControlDefinitions';
      /** 1-based page that failed; the pages before it were read. */
      page: number;
      standardsArn?: string;
      attempts?: number;
      httpStatusCode?: number;
    }
  | {
      operation: 'BatchGetSecurityControls';
      /** 1-based positions of the failed chunk among the (deduplicated) ids. */
      idRange: { from: number; to: number; total: number };
      firstId: string;
      lastId: string;
      attempts?: number;
      httpStatusCode?: number;
    };

/**
 * A Security Hub request of a catalog refresh failed after the client's last
 * retry (throttling included). Nothing is merged from a partial read.
 *
 * @public
 */
export class ControlCatalogRefreshError extends CustomErrorBase {
  name = 'ControlCatalogRefreshError' as const;
  constructor(
    message: string,
    readonly details: ControlCatalogRefreshErrorDetails,
    cause?: unknown,
  ) {
    super(message, cause);
  }
}

interface SdkErrorMetadata {
  $metadata?: { attempts?: number; httpStatusCode?: number };
}

/** Attempts and HTTP status the SDK records on a failed request. */
export function requestMetadataOf(error: unknown): {
  attempts?: number;
  httpStatusCode?: number;
} {
  const metadata =
    typeof error === 'object' && error !== null
      ? (error as SdkErrorMetadata).$metadata
      : undefined;
  return {
    attempts: metadata?.attempts,
    httpStatusCode: metadata?.httpStatusCode,
  };
}

/** ` after 8 attempt(s) (HTTP 429)`, or the parts that are known. */
export function describeAttempts(metadata: {
  attempts?: number;
  httpStatusCode?: number;
}): string {
  const tries = metadata.attempts
    ? ` after ${metadata.attempts} attempt(s)`
    : '';
  const status = metadata.httpStatusCode
    ? ` (HTTP ${metadata.httpStatusCode})`
    : '';
  return tries + status;
}
