/**
 * A backend instance of the scale benchmark, run as a child process so its
 * memory is measured alone: serves the findings routes over HTTP and, when
 * told, imports the export folder through the findings sync.
 *
 *   BENCH_SQLITE_FILE or BENCH_POSTGRES_URL, BENCH_FILES_DIR,
 *   BENCH_LEFT_OUT_ACCOUNT (optional)
 *
 * Serves the same routes without the response cache under `/computed`, and
 * both again under `/leaving-out` for a reader allowed every account but
 * BENCH_LEFT_OUT_ACCOUNT.
 * Writes `ready <base url>` to stdout once it serves; on the IPC message
 * `import` it runs the sync and answers `{ imported, seconds, result }`.
 */
import { createServer } from 'http';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import { AsffFileFindingsSource } from '@internal/plugin-securityhub-remediation-node';
import {
  KnexFindingsStore,
  openSqliteReader,
} from '../src/services/FindingsStore';
import { FindingsSyncService } from '../src/services/FindingsSync';
import { MIGRATIONS_DIR } from '../src/__testUtils__/testDatabases';
import { storedFindings, waitForTextIndex } from './databases';
import { benchRouter, silentLogger } from './benchRouter';

function openDatabase(): Knex {
  const sqliteFile = process.env.BENCH_SQLITE_FILE;
  if (sqliteFile) {
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: sqliteFile },
      useNullAsDefault: true,
    });
  }
  const url = process.env.BENCH_POSTGRES_URL;
  if (!url)
    throw new Error('BENCH_SQLITE_FILE or BENCH_POSTGRES_URL is required');
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 1, max: 10 },
  });
}

async function main() {
  const filesDir = process.env.BENCH_FILES_DIR;
  if (!filesDir) throw new Error('BENCH_FILES_DIR is required');
  const db = openDatabase();
  await db.migrate.latest({ directory: MIGRATIONS_DIR });
  // As the plugin opens it: on SQLite, WAL and a read connection.
  const reader = await openSqliteReader(db);
  const store = new KnexFindingsStore({
    db,
    reader: reader?.knex,
    analyze: reader?.analyze,
  });
  const sync = new FindingsSyncService({
    store,
    sources: [new AsffFileFindingsSource({ id: 'scale', path: filesDir })],
    logger: silentLogger,
  });
  // The portal's routes, and the same without the response cache: views
  // computed from the store on every request.
  const app = express()
    .use('/api/securityhub-remediation', await benchRouter(store, {}))
    .use('/computed', await benchRouter(store, { cacheResponses: false }));
  const leftOut = process.env.BENCH_LEFT_OUT_ACCOUNT;
  if (leftOut) {
    app
      .use(
        '/leaving-out/api/securityhub-remediation',
        await benchRouter(store, {}, [leftOut]),
      )
      .use(
        '/leaving-out/computed',
        await benchRouter(store, { cacheResponses: false }, [leftOut]),
      );
  }
  const server = createServer(app);
  // The benchmark's kept-alive sockets sit idle while it waits for the
  // import; Node's 5 s default would close them under a request.
  server.keepAliveTimeout = 600_000;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  process.on('message', async message => {
    if (message === 'text-index') {
      // Free text is answered from memory once the index of the data is
      // built: a second after the last write, then the build's time.
      const { ready, seconds } = await waitForTextIndex(store, 300_000);
      process.send!({ textIndexReady: ready, seconds });
      return;
    }
    if (message !== 'import') return;
    const start = performance.now();
    const [result] = await sync.syncAll();
    process.send!({
      imported: await storedFindings(db),
      seconds: (performance.now() - start) / 1000,
      result,
    });
  });
  process.once('disconnect', async () => {
    server.close();
    await reader?.close();
    await db.destroy();
    process.exit(0);
  });
  process.stdout.write(
    `ready http://127.0.0.1:${port}/api/securityhub-remediation\n`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
