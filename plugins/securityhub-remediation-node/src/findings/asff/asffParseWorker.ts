import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';
import type { FindingsBatch } from '../FindingsSource';
import {
  copyBatchBuffers,
  encodeCopyBatch,
  SpareBuffers,
  type CopyBatch,
  type CopyBatchSpec,
} from '../storeRows';
import { AsffFileError, type AsffFileProblem } from './parseAsffFile';
import {
  AsffReadCancelled,
  readAsffFileInBatches,
  type AsffBatchReadOptions,
  type AsffBatchReadStats,
} from './readAsffFileInBatches';

/**
 * Reads ASFF files on a worker thread. Reading, JSON parsing and validating
 * findings is the largest CPU cost of an import and would block the
 * backend's event loop (every portal request); on its own thread it also
 * overlaps with the store writing the previous batch.
 *
 * A file streams over in bounded batches with credit-based backpressure:
 * the thread sends at most {@link BATCHES_IN_FLIGHT} batches the reader has
 * not taken yet, then waits, so neither thread holds more than a few
 * batches of a file whatever its size.
 */

const WORKER_KIND = 'securityhub-remediation-asff-parser';

/** Batches sent and not yet taken by the reader, at most. */
export const BATCHES_IN_FLIGHT = 2;

/**
 * The thread's heap for long-lived objects, in MiB. What it holds at once
 * is small: a batch (at most `ASFF_BATCH_CHARS` of text) and the finding
 * being parsed (at most `ASFF_FINDING_MAX_CHARACTERS`). Without a bound V8
 * lets garbage pile up to several times that before collecting, and the
 * backend's memory carries it: a million findings' import peaked 50–90 MiB
 * higher. Were it ever exceeded, the thread fails and the file is read on
 * the main thread instead (see `WorkerFailure`).
 */
export const ASFF_PARSER_HEAP_MIB = 128;

type Request =
  | {
      type: 'read';
      id: number;
      file: string;
      options: Pick<
        AsffBatchReadOptions,
        'maxFileBytes' | 'maxFileSeconds' | 'batchFindings'
      > & { copyBatch?: CopyBatchSpec };
      /** Int32 flag: 1 = stop (seen by the thread without a message turn). */
      cancel: SharedArrayBuffer;
    }
  /** The reader took a batch: one more may be sent. */
  | { type: 'credit'; id: number }
  /** Buffers of a batch written, handed back to write the next ones in. */
  | { type: 'spare'; buffers: ArrayBuffer[] };

/** Findings the thread held at most for one file: parsed, and sent but not taken. */
export interface AsffWorkerReadStats {
  batches: number;
  peakHeldFindings: number;
  /** The file's SHA-256 when it was read to its end (`AsffBatchReadStats`). */
  sha256?: string;
}

/** A batch of a file: its findings, or them encoded for COPY when asked. */
export type AsffFileBatch = Pick<FindingsBatch, 'findings' | 'copy'>;

/** `findings` as the read asked for them: encoded for COPY when `spec` is set. */
export function fileBatchOf(
  findings: PreparedFinding[],
  spec: CopyBatchSpec | undefined,
  spare?: SpareBuffers,
): AsffFileBatch {
  return spec
    ? { findings: [], copy: encodeCopyBatch(findings, spec, spare) }
    : { findings };
}

/** How many findings of the file a batch holds. */
export const findingsIn = (batch: AsffFileBatch) =>
  batch.copy ? batch.copy.read : batch.findings.length;

type Response =
  | { id: number; type: 'batch'; batch: AsffFileBatch }
  | { id: number; type: 'end'; stats: AsffWorkerReadStats }
  | { id: number; type: 'fileError'; file: string; issues: AsffFileProblem[] }
  | {
      id: number;
      type: 'error';
      error: { name: string; message: string; code?: string };
    };

if (!isMainThread && workerData?.kind === WORKER_KIND) {
  /** Per read: findings of each batch sent and not yet taken, and who waits for a credit. */
  const reads = new Map<number, { inFlight: number[]; wake?: () => void }>();
  const spare = new SpareBuffers();
  const post = (response: Response, transfer: ArrayBuffer[] = []) =>
    parentPort!.postMessage(response, transfer);

  const read = async (request: Extract<Request, { type: 'read' }>) => {
    const { id } = request;
    const flag = new Int32Array(request.cancel);
    const cancelled = () => Atomics.load(flag, 0) === 1;
    const state: { inFlight: number[]; wake?: () => void } = { inFlight: [] };
    reads.set(id, state);
    const readStats: AsffBatchReadStats = { buffered: 0, peakBuffered: 0 };
    const stats: AsffWorkerReadStats = { batches: 0, peakHeldFindings: 0 };
    try {
      for await (const findings of readAsffFileInBatches(request.file, {
        ...request.options,
        cancelled,
        stats: readStats,
      })) {
        while (state.inFlight.length >= BATCHES_IN_FLIGHT && !cancelled()) {
          await new Promise<void>(resolve => {
            state.wake = resolve;
          });
        }
        if (cancelled()) throw new AsffReadCancelled();
        state.inFlight.push(findings.length);
        stats.batches += 1;
        // What the thread holds at most: batches not taken, and the
        // findings parsed meanwhile (peak since the last batch).
        const notTaken = state.inFlight.reduce((sum, n) => sum + n, 0);
        stats.peakHeldFindings = Math.max(
          stats.peakHeldFindings,
          notTaken + readStats.peakBuffered,
        );
        readStats.peakBuffered = readStats.buffered;
        // Encoded here, the batch moves over without a copy.
        const batch = fileBatchOf(findings, request.options.copyBatch, spare);
        post(
          { id, type: 'batch', batch },
          batch.copy ? copyBatchBuffers(batch.copy) : [],
        );
      }
      post({ id, type: 'end', stats: { ...stats, sha256: readStats.sha256 } });
    } catch (error) {
      post(
        error instanceof AsffFileError
          ? { id, type: 'fileError', file: error.file, issues: error.issues }
          : {
              id,
              type: 'error',
              error: {
                name: (error as Error).name,
                message: (error as Error).message,
                code: (error as { code?: string }).code,
              },
            },
      );
    } finally {
      reads.delete(id);
    }
  };

  parentPort!.on('message', (request: Request) => {
    if (request.type === 'read') {
      void read(request);
      return;
    }
    if (request.type === 'spare') {
      request.buffers.forEach(buffer => spare.put(buffer));
      return;
    }
    const state = reads.get(request.id);
    if (!state) return;
    state.inFlight.shift();
    const wake = state.wake;
    state.wake = undefined;
    wake?.();
  });
}

/**
 * Node options a worker needs to load this module: none once built to
 * JavaScript; from TypeScript sources (development, tests) Backstage's own
 * transform, as `backstage-cli` uses for the backend.
 */
function workerExecArgv(): string[] {
  if (!__filename.endsWith('.ts')) return [];
  return [
    '--require',
    require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
  ];
}

/** The thread itself failed (not a file): the caller may parse inline instead. */
export class WorkerFailure extends Error {
  name = 'WorkerFailure';
}

export interface AsffWorkerReadOptions {
  maxFileBytes?: number;
  maxFileSeconds?: number;
  batchFindings?: number;
  /** Batches encoded for COPY on the thread (see `FindingsReadOptions.copyBatch`). */
  copyBatch?: CopyBatchSpec;
  signal?: AbortSignal;
  /** Filled in when the file was read to its end. */
  stats?: AsffWorkerReadStats;
}

/** Messages of one read, waiting to be taken. */
class ResponseQueue {
  private readonly items: Response[] = [];
  private waiter: ((r: Response | Error) => void) | undefined;
  private failure: Error | undefined;

  put(response: Response): void {
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = undefined;
      wake(response);
    } else this.items.push(response);
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.waiter?.(error);
    this.waiter = undefined;
  }

  async take(): Promise<Response> {
    if (this.failure) throw this.failure;
    const next = this.items.shift();
    if (next) return next;
    const taken = await new Promise<Response | Error>(resolve => {
      this.waiter = resolve;
    });
    if (taken instanceof Error) throw taken;
    return taken;
  }
}

/** One worker thread reading ASFF files; several reads may go on at once. */
export class AsffParseWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly reads = new Map<number, ResponseQueue>();
  private failure: WorkerFailure | undefined;

  constructor() {
    this.worker = new Worker(__filename, {
      workerData: { kind: WORKER_KIND },
      execArgv: workerExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: ASFF_PARSER_HEAP_MIB },
    });
    // An idle worker must not keep the backend (or a test run) alive.
    this.worker.unref();
    this.worker.on('message', (response: Response) =>
      this.reads.get(response.id)?.put(response),
    );
    this.worker.on('error', error =>
      this.fail(
        new WorkerFailure(`ASFF parser thread failed: ${String(error)}`),
      ),
    );
    this.worker.on('exit', code =>
      this.fail(
        new WorkerFailure(`ASFF parser thread exited with code ${code}`),
      ),
    );
  }

  /** Whether the thread is gone; a new one is needed. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /**
   * The findings of one file in bounded batches (see
   * `readAsffFileInBatches`). Throws {@link AsffFileError} when the file
   * turns out bad, {@link WorkerFailure} when the thread fails, the signal's
   * reason when it aborts. Stopping early (or aborting) stops the thread's
   * read at its next chunk.
   */
  async *read(
    file: string,
    options: AsffWorkerReadOptions = {},
  ): AsyncGenerator<AsffFileBatch> {
    if (this.failure) throw this.failure;
    const { signal } = options;
    signal?.throwIfAborted();
    const id = this.nextId++;
    const cancel = new SharedArrayBuffer(4);
    const queue = new ResponseQueue();
    this.reads.set(id, queue);
    const onAbort = () => {
      Atomics.store(new Int32Array(cancel), 0, 1);
      queue.fail(
        signal?.reason instanceof Error
          ? signal.reason
          : new AsffReadCancelled(),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.worker.ref();
    this.worker.postMessage({
      type: 'read',
      id,
      file,
      options: {
        maxFileBytes: options.maxFileBytes,
        maxFileSeconds: options.maxFileSeconds,
        batchFindings: options.batchFindings,
        copyBatch: options.copyBatch,
      },
      cancel,
    } satisfies Request);
    try {
      for (;;) {
        const response = await queue.take();
        if (response.type === 'batch') {
          const { copy } = response.batch;
          if (copy) copy.release = this.releaser(copy);
          yield response.batch;
          // Taken: the thread may send one more.
          this.post({ type: 'credit', id });
        } else if (response.type === 'end') {
          if (options.stats) Object.assign(options.stats, response.stats);
          return;
        } else if (response.type === 'fileError') {
          throw new AsffFileError(response.file, response.issues);
        } else {
          const error = new Error(response.error.message) as Error & {
            code?: string;
          };
          error.name = response.error.name;
          if (response.error.code) error.code = response.error.code;
          throw error;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // Stopped early: the thread stops too (and a waiting one wakes up).
      Atomics.store(new Int32Array(cancel), 0, 1);
      this.post({ type: 'credit', id });
      this.reads.delete(id);
      if (this.reads.size === 0) this.worker.unref();
    }
  }

  async close(): Promise<void> {
    this.failure ??= new WorkerFailure('ASFF parser thread closed');
    await this.worker.terminate();
  }

  private post(request: Request, transfer: ArrayBuffer[] = []): void {
    if (!this.failure) this.worker.postMessage(request, transfer);
  }

  /** Hands a batch's large buffers back to the thread, once. */
  private releaser(copy: CopyBatch): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const buffers = [copy.rows.buffer, copy.details.buffer] as ArrayBuffer[];
      this.post({ type: 'spare', buffers }, buffers);
    };
  }

  private fail(error: WorkerFailure): void {
    this.failure ??= error;
    for (const queue of this.reads.values()) queue.fail(error);
  }
}

let shared: AsffParseWorker | undefined;

/**
 * The process's parser thread, started on first use and kept (unreferenced
 * while idle, so it never holds the process open): a sync reads many files,
 * and starting a thread per sync costs more than keeping one.
 */
export function sharedAsffParseWorker(): AsffParseWorker {
  if (!shared || shared.failed) shared = new AsffParseWorker();
  return shared;
}
