import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import type { ExportFormat } from './exportFormats';

/** Where an export is written: an HTTP response, or any writable stream. */
export interface ExportSink {
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
}

/** How an export ended. */
export type ExportOutcome =
  /** Everything written, the format's end too. */
  | 'complete'
  /** The sink closed first (the client went away); reading stopped. */
  | 'disconnected'
  /** More findings matched than `maxRows`; the end was not written. */
  | 'capped';

/** Waits for the sink to take more; false when it closed instead. */
function drained(sink: ExportSink): Promise<boolean> {
  return new Promise(resolve => {
    const done = () => {
      sink.off('drain', done);
      sink.off('close', done);
      resolve(!sink.destroyed);
    };
    sink.once('drain', done);
    sink.once('close', done);
  });
}

/** Writes a chunk, waiting while the sink's buffer is full; false once it closed. */
async function write(sink: ExportSink, chunk: string): Promise<boolean> {
  if (sink.destroyed) return false;
  if (chunk === '' || sink.write(chunk)) return !sink.destroyed;
  return drained(sink);
}

/**
 * Writes `batches` to `sink` in `format`, one write per batch, never more
 * than one batch ahead of what the sink has sent: memory stays at one batch
 * however large the export. Stops reading (ending the batches' query loop)
 * when the sink closes. A read error is thrown after what was written.
 */
export async function writeFindingsExport(options: {
  sink: ExportSink;
  format: ExportFormat;
  batches: AsyncIterable<Finding[]>;
  maxRows: number;
}): Promise<{ outcome: ExportOutcome; rows: number }> {
  const { sink, format, batches, maxRows } = options;
  let rows = 0;
  if (!(await write(sink, format.begin))) {
    return { outcome: 'disconnected', rows };
  }
  for await (const batch of batches) {
    const take = batch.slice(0, maxRows - rows);
    const offset = rows;
    const chunk = take.map((f, i) => format.item(f, offset + i)).join('');
    rows += take.length;
    if (!(await write(sink, chunk))) return { outcome: 'disconnected', rows };
    if (take.length < batch.length) return { outcome: 'capped', rows };
  }
  if (!(await write(sink, format.end))) {
    return { outcome: 'disconnected', rows };
  }
  return { outcome: 'complete', rows };
}
