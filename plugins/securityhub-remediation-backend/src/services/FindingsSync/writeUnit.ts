import type {
  FindingsBatch,
  FindingsRejection,
  FindingsSource,
} from '@internal/plugin-securityhub-remediation-node';
import type { FindingsWriter } from '../FindingsStore';

/** Thrown inside a unit's transaction to roll it back. */
class UnitRejected extends Error {
  constructor(readonly rejection: FindingsRejection) {
    super(rejection.reason);
  }
}

/**
 * Writes one unit, `first` and the batches of it that follow, in one
 * transaction (a savepoint inside a bulk load): the event loop gets a turn
 * between batches, and when the unit ends rejected everything written of
 * it is rolled back.
 */
export async function writeUnit(
  writer: FindingsWriter,
  source: FindingsSource,
  first: FindingsBatch,
  nextBatch: () => Promise<FindingsBatch | undefined>,
  now: () => Date,
): Promise<
  | { written: number; read: number; maxUpdatedAt: string | null }
  | { rejected: FindingsRejection }
> {
  try {
    return await writer.inTransaction(async unitWriter => {
      let batch = first;
      let written = 0;
      let read = 0;
      let maxUpdatedAt: string | null = null;
      for (;;) {
        const result = batch.copy
          ? await unitWriter.writeCopyBatch(batch.copy)
          : await unitWriter.upsertPrepared(batch.findings, source.id, now());
        written += result.written;
        read += result.read;
        if (
          result.maxUpdatedAt &&
          (!maxUpdatedAt || result.maxUpdatedAt > maxUpdatedAt)
        ) {
          maxUpdatedAt = result.maxUpdatedAt;
        }
        await new Promise(resolve => setImmediate(resolve));
        if (!batch.more) {
          if (batch.fingerprint) {
            await unitWriter.putSyncUnit(
              source.id,
              first.origin,
              batch.fingerprint,
            );
          }
          return { written, read, maxUpdatedAt };
        }
        const next = await nextBatch();
        if (!next || next.origin !== first.origin) {
          throw new Error(
            `${source.id} ended ${first.origin} without its last batch`,
          );
        }
        if (next.rejected) throw new UnitRejected(next.rejected);
        batch = next;
      }
    });
  } catch (error) {
    if (error instanceof UnitRejected) return { rejected: error.rejection };
    throw error;
  }
}
