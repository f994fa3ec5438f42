import { Worker } from 'worker_threads';

/**
 * Runs on its own thread with its own connection:
 * - copies committed WAL frames into the database file, on a timer.
 *   PASSIVE never waits for readers or the writer; frames a reader still
 *   needs are copied at a later turn;
 * - refreshes the planner's statistics of tables when asked (sampled, as
 *   `analysis_limit` bounds it), waiting for the writer's lock if need be.
 */
const MAINTENANCE_WORKER = `
const { parentPort, workerData } = require('worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('analysis_limit = 1000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: String(error) });
  }
};
const analyze = ({ id, tables }) => {
  try {
    db.pragma('busy_timeout = ' + workerData.analyzeWaitMs);
    for (const table of tables) db.exec('analyze "' + table + '"');
    parentPort.postMessage({ kind: 'analyzed', id });
  } catch (error) {
    parentPort.postMessage({ kind: 'analyzed', id, error: String(error) });
  } finally {
    db.pragma('busy_timeout = 1000');
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', message => {
  if (message.kind === 'analyze') return analyze(message);
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/** A running maintenance thread; `stop` checkpoints once more and ends it. */
export interface SqliteMaintenanceThread {
  /**
   * ANALYZE of `tables` on the thread. Other connections keep the
   * statistics they loaded; the writer reloads them with
   * `analyze sqlite_schema`, which only reads them.
   */
  analyze(tables: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Table names are sent as text to the thread: plain identifiers only. */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checkpoints and analyzes a SQLite file in WAL mode from a worker thread;
 * better-sqlite3 runs both on the event loop otherwise, during which no
 * request is answered:
 * - SQLite's own checkpoint runs inside the COMMIT that crosses 1,000 WAL
 *   pages: measured 650 ms after a first load of 20,000 findings and 2.5 s
 *   after 100,000. The writer connection turns its automatic checkpoints
 *   off (`wal_autocheckpoint = 0`) and this takes over;
 * - ANALYZE after an import of a million findings held the event loop 2 s
 *   alone and up to 11 s with requests coming in, even sampled.
 */
export function startSqliteMaintenanceThread(
  filename: string,
  options: {
    intervalMs?: number;
    /** How long ANALYZE waits for a write transaction to end. */
    analyzeWaitMs?: number;
    onError?: (message: string) => void;
  } = {},
): SqliteMaintenanceThread {
  const worker = new Worker(MAINTENANCE_WORKER, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      filename,
      intervalMs: options.intervalMs ?? 1000,
      analyzeWaitMs: options.analyzeWaitMs ?? 30_000,
    },
  });
  const waiting = new Map<number, (error?: string) => void>();
  let nextId = 0;
  const failAll = (reason: string) => {
    for (const settle of waiting.values()) settle(reason);
    waiting.clear();
  };
  worker.on('message', message => {
    if (message.kind === 'analyzed') {
      waiting.get(message.id)?.(message.error);
      waiting.delete(message.id);
      if (waiting.size === 0) worker.unref();
    } else {
      options.onError?.(String(message.message));
    }
  });
  worker.on('error', error => {
    options.onError?.(String(error));
    failAll(String(error));
  });
  // Keeps the process alive only while an ANALYZE is awaited.
  worker.unref();
  const exited = new Promise<void>(resolve =>
    worker.once('exit', () => {
      failAll('the SQLite maintenance thread stopped');
      resolve();
    }),
  );
  return {
    analyze(tables) {
      const invalid = tables.find(table => !TABLE_NAME.test(table));
      if (invalid) {
        return Promise.reject(new Error(`not a table name: ${invalid}`));
      }
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, error =>
          error ? reject(new Error(`ANALYZE failed: ${error}`)) : resolve(),
        );
        worker.ref();
        worker.postMessage({ kind: 'analyze', id, tables });
      });
    },
    async stop() {
      worker.postMessage({ kind: 'stop' });
      await exited;
    },
  };
}
