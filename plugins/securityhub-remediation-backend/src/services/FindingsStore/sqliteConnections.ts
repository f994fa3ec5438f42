import knexFactory, { type Knex } from 'knex';
import { startSqliteMaintenanceThread } from './sqliteMaintenanceThread';

/** The part of a better-sqlite3 database handle used here. */
interface BetterSqliteHandle {
  pragma(source: string): unknown;
}

function isBetterSqlite(db: Knex): boolean {
  return (db.client as { driverName?: string }).driverName === 'better-sqlite3';
}

/** The database file behind a SQLite knex, or undefined when in memory. */
export function sqliteFilename(db: Knex): string | undefined {
  const connection = (db.client as { config: Knex.Config }).config.connection;
  const filename =
    typeof connection === 'string'
      ? connection
      : (connection as { filename?: unknown } | undefined)?.filename;
  if (typeof filename !== 'string') return undefined;
  if (filename === '' || filename === ':memory:') return undefined;
  if (filename.startsWith('file::memory:')) return undefined;
  return filename;
}

/** Per-connection settings of the writer (journal mode is the file's own). */
function tuneWriter(handle: BetterSqliteHandle): void {
  // With WAL a commit needs no fsync; a power cut may lose the last
  // commits but never corrupts the file.
  handle.pragma('synchronous = NORMAL');
  // Checkpoints run on a worker thread instead (see sqliteMaintenanceThread).
  handle.pragma('wal_autocheckpoint = 0');
  // The WAL file is cut back to this size once it has been checkpointed.
  handle.pragma('journal_size_limit = 67108864');
  // 64 MiB of pages (2 MiB by default): an import's index writes then mostly
  // find their pages cached; 300,000 findings under load imported ~20 %
  // faster.
  handle.pragma('cache_size = -65536');
}

/** A read-only connection beside the plugin's SQLite writer. */
export interface SqliteReader {
  knex: Knex;
  /**
   * ANALYZE of `tables` on the maintenance thread, off the event loop; the
   * writer then loads the new statistics. The reader keeps those it loaded
   * when it opened.
   */
  analyze(tables: string[]): Promise<void>;
  /** Ends the reader and the maintenance thread; call on shutdown. */
  close(): Promise<void>;
}

/**
 * Lets reads of a SQLite file go on while an import writes, which on the
 * plugin's single writer connection they otherwise queue behind:
 *
 * - WAL mode on the file: a reader sees the last commit while a write
 *   transaction goes on (the default rollback journal locks readers out);
 * - a read-only connection of its own for the store's reads;
 * - checkpoints and ANALYZE on a worker thread, off the event loop.
 *
 * Undefined on PostgreSQL (its pool has connections enough) and for an
 * in-memory database (another connection would see another database).
 */
export async function openSqliteReader(
  db: Knex,
  options: { onError?: (message: string) => void } = {},
): Promise<SqliteReader | undefined> {
  const filename = isBetterSqlite(db) ? sqliteFilename(db) : undefined;
  if (!filename) return undefined;
  await db.raw('pragma journal_mode = WAL');
  const pool = db.client.pool as {
    on(
      event: 'createSuccess',
      fn: (id: number, handle: BetterSqliteHandle) => void,
    ): void;
  };
  pool.on('createSuccess', (_id, handle) => tuneWriter(handle));
  const handle: BetterSqliteHandle = await db.client.acquireConnection();
  try {
    tuneWriter(handle);
  } finally {
    await db.client.releaseConnection(handle);
  }
  const maintenance = startSqliteMaintenanceThread(filename, options);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename, options: { readonly: true } },
    useNullAsDefault: true,
    // better-sqlite3 runs a query on the event loop: one connection is as
    // fast as several.
    pool: { min: 1, max: 1 },
  });
  return {
    knex,
    async analyze(tables) {
      await maintenance.analyze(tables);
      await db.raw('analyze sqlite_schema');
    },
    async close() {
      await knex.destroy();
      await maintenance.stop();
    },
  };
}
