import fs from 'fs';
import os from 'os';
import path from 'path';
import { setImmediate as nextTurn } from 'timers/promises';
import knexFactory, { type Knex } from 'knex';
import {
  findingsListQuerySchema,
  generateDemoFindings,
  prepareFinding,
  type PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import type { FindingsWriter } from './FindingsStore';
import { KnexFindingsStore } from './KnexFindingsStore';
import {
  openSqliteReader,
  sqliteFilename,
  type SqliteReader,
} from './sqliteConnections';

jest.setTimeout(180_000);

const FINDINGS = 20_000;
const BATCH = 500;
/** Generous: a read answers in milliseconds unless it waits for the import. */
const READ_BOUND_MS = 5_000;

const { databases, ids } = findingsTestDatabases();
const postgresIds = ids.filter(id => id.startsWith('POSTGRES'));

let prepared: PreparedFinding[];
beforeAll(() => {
  prepared = generateDemoFindings({ count: FINDINGS, seed: 7 }).map(
    prepareFinding,
  );
});

/** Resolves with the answer, or rejects once `ms` have passed. */
async function within<T>(ms: number, what: string, run: () => Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Import = (
  store: KnexFindingsStore,
  afterBatch: () => void,
) => Promise<unknown>;

/** Every batch written through `writer`, yielding between batches as a sync does. */
async function writeBatches(
  writer: FindingsWriter,
  afterBatch: () => void,
  unitOf: (write: (w: FindingsWriter) => Promise<unknown>) => Promise<unknown>,
) {
  for (let i = 0; i < prepared.length; i += BATCH) {
    const batch = prepared.slice(i, i + BATCH);
    await unitOf(w => w.upsertPrepared(batch, 'src'));
    afterBatch();
    await nextTurn();
  }
  return writer;
}

const imports: Array<[string, Import]> = [
  [
    'a first load (bulkLoad)',
    (store, afterBatch) =>
      store.bulkLoad(writer =>
        writeBatches(writer, afterBatch, write => write(writer)),
      ),
  ],
  [
    'a transaction per unit',
    (store, afterBatch) =>
      writeBatches(store, afterBatch, write => store.inTransaction(write)),
  ],
];

/**
 * Starts the import, and once it has written two batches asks for a page,
 * the count and the sync states three times over: each must answer within
 * the bound (or this throws). Says for each answer whether the import was
 * still running, and how many findings were stored in the end.
 */
async function readsDuringImport(
  store: KnexFindingsStore,
  run: Import,
): Promise<{ answeredDuringImport: boolean[]; stored: number }> {
  let batches = 0;
  let twoBatchesWritten!: () => void;
  const started = new Promise<void>(resolve => {
    twoBatchesWritten = resolve;
  });
  let importDone = false;
  const importing = run(store, () => {
    batches += 1;
    if (batches === 2) twoBatchesWritten();
  }).finally(() => {
    importDone = true;
  });
  importing.catch(() => {}); // awaited below

  await Promise.race([started, importing]);
  const answeredDuringImport: boolean[] = [];
  for (let round = 0; round < 3; round++) {
    await within(READ_BOUND_MS, 'list', () =>
      store.list(findingsListQuerySchema.parse({ limit: 50 }), undefined),
    );
    answeredDuringImport.push(!importDone);
    await within(READ_BOUND_MS, 'count', () => store.count());
    answeredDuringImport.push(!importDone);
    await within(READ_BOUND_MS, 'getSyncStates', () => store.getSyncStates());
    answeredDuringImport.push(!importDone);
  }
  await importing;
  // The count may trail the last write by a catch-up of the counts.
  let stored = await store.count();
  for (let tries = 0; stored !== FINDINGS && tries < 100; tries++) {
    await new Promise(resolve => setTimeout(resolve, 50));
    stored = await store.count();
  }
  return { answeredDuringImport, stored };
}

const EVERY_READ_DURING_THE_IMPORT = {
  answeredDuringImport: Array(9).fill(true),
  stored: FINDINGS,
};

describe('reads during an import on a SQLite file', () => {
  let dir: string;
  let db: Knex;
  let reader: SqliteReader;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'findings-reads-'));
    db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'plugin.sqlite') },
      useNullAsDefault: true,
    });
    await migrateFindingsDatabase(db);
    reader = (await openSqliteReader(db))!;
  });

  afterEach(async () => {
    await reader?.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a read-only connection to the same file, in WAL mode', async () => {
    expect(reader).toBeDefined();
    const [{ journal_mode }] = await reader.knex.raw('pragma journal_mode');
    expect(journal_mode).toBe('wal');
    // Matched on the message: better-sqlite3's errors may come from another
    // test file's realm, which `rejects.toThrow()` does not recognise.
    await expect(
      reader.knex.raw('create table written (x)'),
    ).rejects.toMatchObject({ message: expect.stringMatching(/readonly/) });
  });

  it('moves committed writes into the database file without the writer', async () => {
    const store = new KnexFindingsStore({ db, reader: reader.knex });
    await store.upsertPrepared(prepared.slice(0, 2_000), 'src');
    const file = path.join(dir, 'plugin.sqlite');
    const wal = `${file}-wal`;
    // The writer's commits leave the pages in the WAL file...
    const before = fs.statSync(file).size;
    expect(fs.statSync(wal).size).toBeGreaterThan(1_000_000);
    // ...and the checkpointer copies them into the database file.
    const deadline = Date.now() + 20_000;
    while (fs.statSync(file).size < before + 1_000_000) {
      if (Date.now() > deadline) throw new Error('no checkpoint within 20 s');
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  });

  it('refreshes the planner statistics on its own thread, then the writer loads them', async () => {
    const store = new KnexFindingsStore({
      db,
      reader: reader.knex,
      analyze: reader.analyze,
    });
    await store.upsertPrepared(prepared.slice(0, 2_000), 'src');
    const onWriter: string[] = [];
    db.on('query', ({ sql }: { sql: string }) => onWriter.push(sql));
    await store.refreshStatistics();
    const stats = await db('sqlite_stat1')
      .where('tbl', 'securityhub_findings')
      .select('stat');
    expect(stats.length).toBeGreaterThan(0);
    // Sampled rows of the table, as `analysis_limit` allows.
    expect(Number(stats[0].stat.split(' ')[0])).toBeGreaterThan(0);
    expect(onWriter.filter(sql => /analyze/i.test(sql))).toEqual([
      'analyze sqlite_schema',
    ]);
  });

  it('says which table ANALYZE could not refresh', async () => {
    await expect(reader.analyze(['no_such_table'])).rejects.toMatchObject({
      message: expect.stringMatching(/ANALYZE failed: .*no_such_table/),
    });
    await expect(
      reader.analyze(['x"; drop table y; --']),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/not a table name/),
    });
  });

  it.each(imports)('answers reads during %s', async (_name, run) => {
    const store = new KnexFindingsStore({ db, reader: reader.knex });
    expect(await readsDuringImport(store, run)).toEqual(
      EVERY_READ_DURING_THE_IMPORT,
    );
  });
});

describe('reads on an in-memory SQLite database', () => {
  it('has no separate reader: another connection would see another database', async () => {
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    expect(sqliteFilename(db)).toBeUndefined();
    expect(await openSqliteReader(db)).toBeUndefined();
    await db.destroy();
  });
});

if (postgresIds.length > 0) {
  describe.each(postgresIds)('reads during an import on %s', databaseId => {
    it.each(imports)('answers reads during %s', async (_name, run) => {
      const knex = await databases.init(databaseId);
      await migrateFindingsDatabase(knex);
      const store = new KnexFindingsStore(knex);
      expect(await readsDuringImport(store, run)).toEqual(
        EVERY_READ_DURING_THE_IMPORT,
      );
    });
  });
}
