import {
  BatchGetSecurityControlsCommand,
  type BatchGetSecurityControlsCommandOutput,
  type SecurityControl,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  ControlCatalogRefreshError,
  describeAttempts,
  requestMetadataOf,
} from './ControlCatalogRefreshError';
import type {
  ControlStatusResult,
  LiveControlStatus,
  UnprocessedControl,
} from './types';

/** `BatchGetSecurityControls` accepts at most this many ids a call. @public */
export const BATCH_GET_SECURITY_CONTROLS_MAX_IDS = 100;

/** Error code of an id the response neither returned nor listed as unprocessed. @public */
export const MISSING_FROM_RESPONSE = 'MISSING_FROM_RESPONSE';

function toLiveControlStatus(control: SecurityControl): LiveControlStatus {
  return {
    id: control.SecurityControlId ?? '',
    status: control.SecurityControlStatus,
    updateStatus: control.UpdateStatus,
    title: control.Title,
    severity: control.SeverityRating?.toLowerCase(),
    ...(control.Parameters ? { parameters: control.Parameters } : {}),
  };
}

/**
 * The account's status of each control id, `BatchGetSecurityControls` in
 * chunks of 100, one chunk at a time (the call has a low per-account quota;
 * throttled chunks are retried by the client's retry strategy). Ids Security
 * Hub could not return are in `unprocessed`, never dropped.
 *
 * @public
 */
export async function fetchControlStatus(
  client: SecurityHubClient,
  ids: readonly string[],
  options: { signal?: AbortSignal } = {},
): Promise<ControlStatusResult> {
  const uniqueIds = [...new Set(ids.map(id => id.trim()).filter(Boolean))];
  const found = new Map<string, LiveControlStatus>();
  const unprocessed = new Map<string, UnprocessedControl>();

  for (
    let start = 0;
    start < uniqueIds.length;
    start += BATCH_GET_SECURITY_CONTROLS_MAX_IDS
  ) {
    const chunk = uniqueIds.slice(
      start,
      start + BATCH_GET_SECURITY_CONTROLS_MAX_IDS,
    );
    let output: BatchGetSecurityControlsCommandOutput;
    try {
      output = await client.send(
        new BatchGetSecurityControlsCommand({ SecurityControlIds: chunk }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const metadata = requestMetadataOf(error);
      const from = start + 1;
      const to = start + chunk.length;
      const firstId = chunk[0];
      const lastId = chunk[chunk.length - 1];
      throw new ControlCatalogRefreshError(
        `Security Hub BatchGetSecurityControls failed for ids ${from}-${to} of ${
          uniqueIds.length
        } (${firstId} … ${lastId})${describeAttempts(metadata)}`,
        {
          operation: 'BatchGetSecurityControls',
          idRange: { from, to, total: uniqueIds.length },
          firstId,
          lastId,
          ...metadata,
        },
        error,
      );
    }
    for (const control of output.SecurityControls ?? []) {
      const status = toLiveControlStatus(control);
      if (status.id) found.set(status.id, status);
    }
    for (const entry of output.UnprocessedIds ?? []) {
      const id = entry.SecurityControlId;
      if (!id) continue;
      unprocessed.set(id, {
        id,
        errorCode: entry.ErrorCode ?? 'UNKNOWN',
        ...(entry.ErrorReason ? { reason: entry.ErrorReason } : {}),
      });
    }
  }

  const controls: LiveControlStatus[] = [];
  for (const id of uniqueIds) {
    const status = found.get(id);
    if (status) controls.push(status);
    else if (!unprocessed.has(id)) {
      unprocessed.set(id, { id, errorCode: MISSING_FROM_RESPONSE });
    }
  }
  return {
    controls,
    unprocessed: uniqueIds.flatMap(id => {
      const entry = unprocessed.get(id);
      return entry && !found.has(id) ? [entry] : [];
    }),
  };
}
