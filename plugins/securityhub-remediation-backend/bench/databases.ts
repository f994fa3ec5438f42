import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import knexFactory, { type Knex } from 'knex';
import {
  openSqliteReader,
  type KnexFindingsStore,
} from '../src/services/FindingsStore';

export interface BenchDatabase {
  name: string;
  knex?: Knex;
  /** The store's read connection, when it has one (SQLite, as the plugin sets it up). */
  reader?: Knex;
  /** ANALYZE off the event loop, when the reader's maintenance thread runs it. */
  analyze?: (tables: string[]) => Promise<void>;
  /** Why this database is not measured. */
  skipped?: string;
  close(): Promise<void>;
}

/** A SQLite file, as the embedded default uses (not :memory:). */
export async function sqliteDatabase(): Promise<BenchDatabase> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-findings-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'findings.sqlite') },
    useNullAsDefault: true,
  });
  const reader = await openSqliteReader(knex);
  return {
    name: 'SQLite',
    knex,
    reader: reader?.knex,
    analyze: reader?.analyze,
    close: async () => {
      await reader?.close();
      await knex.destroy();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the server named by the test connection string. */
export async function postgresDatabase(): Promise<BenchDatabase> {
  const variable = Object.keys(process.env).find(name =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
  );
  if (!variable) {
    return {
      name: 'PostgreSQL',
      skipped:
        'no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING; run it through `yarn bench:findings` at the repository root, which starts PostgreSQL',
      close: async () => {},
    };
  }
  const connectionString = process.env[variable]!;
  const database = `bench_findings_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: connectionString });
  await admin.raw('create database ??', [database]);
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  const knex = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: 10 },
  });
  return {
    name: `PostgreSQL ${variable.replace(/\D/g, '')}`,
    knex,
    close: async () => {
      await knex.destroy();
      await admin.raw('drop database if exists ??', [database]);
      await admin.destroy();
    },
  };
}

/**
 * Findings in the table, exactly (the store's count may trail its last
 * writes by a catch-up of the counts in memory).
 */
export async function storedFindings(knex: Knex): Promise<number> {
  const row = await knex('securityhub_findings').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/**
 * Waits until free text is answered from the store's text index (built a
 * second after the last write, then for as long as the build takes), at
 * most `timeoutMs`; whether it is, and after how many seconds.
 */
export async function waitForTextIndex(
  store: KnexFindingsStore,
  timeoutMs: number,
): Promise<{ ready: boolean; seconds: number }> {
  const start = performance.now();
  let ready = await store.textIndexReady();
  while (!ready && performance.now() - start < timeoutMs) {
    await new Promise(resolve => setTimeout(resolve, 250));
    ready = await store.textIndexReady();
  }
  return { ready, seconds: (performance.now() - start) / 1000 };
}
