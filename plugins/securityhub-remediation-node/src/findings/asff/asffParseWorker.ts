import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';
import {
  AsffFileError,
  readPreparedAsffFile,
  type AsffFileProblem,
} from './parseAsffFile';

/**
 * Parses ASFF files on a worker thread. Reading, JSON parsing and validating
 * a file of findings is the largest CPU cost of an import and would block
 * the backend's event loop (every portal request) for seconds on a large
 * export; on its own thread it also overlaps with the store writing the
 * previous file.
 */

const WORKER_KIND = 'securityhub-remediation-asff-parser';

interface ParseRequest {
  id: number;
  file: string;
  maxFileBytes: number;
}

type ParseResponse =
  | { id: number; findings: PreparedFinding[] }
  | { id: number; fileError: { file: string; issues: AsffFileProblem[] } }
  | { id: number; error: { name: string; message: string; code?: string } };

if (!isMainThread && workerData?.kind === WORKER_KIND) {
  parentPort!.on(
    'message',
    async ({ id, file, maxFileBytes }: ParseRequest) => {
      let response: ParseResponse;
      try {
        // Normalized here too: only flat fields and the document text cross
        // to the writing thread (a full ASFF object graph costs it more to
        // receive and collect than to write).
        response = {
          id,
          findings: await readPreparedAsffFile(file, { maxFileBytes }),
        };
      } catch (error) {
        response =
          error instanceof AsffFileError
            ? { id, fileError: { file: error.file, issues: error.issues } }
            : {
                id,
                error: {
                  name: (error as Error).name,
                  message: (error as Error).message,
                  code: (error as { code?: string }).code,
                },
              };
      }
      parentPort!.postMessage(response);
    },
  );
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

/** One worker thread parsing ASFF files, a file at a time, in request order. */
export class AsffParseWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(f: PreparedFinding[]): void; reject(e: Error): void }
  >();
  private failure: WorkerFailure | undefined;

  constructor() {
    this.worker = new Worker(__filename, {
      workerData: { kind: WORKER_KIND },
      execArgv: workerExecArgv(),
    });
    // An idle worker must not keep the backend (or a test run) alive.
    this.worker.unref();
    this.worker.on('message', (response: ParseResponse) =>
      this.settle(response),
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

  parse(file: string, maxFileBytes: number): Promise<PreparedFinding[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({
        id,
        file,
        maxFileBytes,
      } satisfies ParseRequest);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new WorkerFailure('ASFF parser thread closed');
    await this.worker.terminate();
  }

  private settle(response: ParseResponse): void {
    const waiter = this.pending.get(response.id);
    if (!waiter) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('findings' in response) waiter.resolve(response.findings);
    else if ('fileError' in response) {
      waiter.reject(
        new AsffFileError(response.fileError.file, response.fileError.issues),
      );
    } else {
      const error = new Error(response.error.message) as Error & {
        code?: string;
      };
      error.name = response.error.name;
      if (response.error.code) error.code = response.error.code;
      waiter.reject(error);
    }
  }

  private fail(error: WorkerFailure): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
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
