/**
 * Daily trends benchmark: the first record (90 days back-filled, then
 * today) and a regular record, at 100,000 demo findings on SQLite and
 * PostgreSQL (when a test server is configured).
 *
 *   npx tsx bench/trends.ts        (in this package; BENCH_FINDINGS to change the size)
 */
import { generateDemoFindings } from '@internal/plugin-securityhub-remediation-common';
import { KnexFindingsStore } from '../src/services/FindingsStore';
import { FindingsTrendsService } from '../src/services/FindingsTrends';
import { MIGRATIONS_DIR } from '../src/__testUtils__/testDatabases';
import {
  postgresDatabase,
  sqliteDatabase,
  type BenchDatabase,
} from './databases';
import { silentLogger } from './benchRouter';

const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 100_000);
const BATCH = 1000;

async function measure(database: BenchDatabase): Promise<void> {
  const { knex, reader } = database;
  if (!knex) {
    console.log(`${database.name}: skipped (${database.skipped})`);
    return;
  }
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
  const store = new KnexFindingsStore({ db: knex, reader });
  const now = new Date();
  const findings = generateDemoFindings({ count: FINDINGS, now });
  for (let i = 0; i < findings.length; i += BATCH) {
    await store.upsertBatch(findings.slice(i, i + BATCH), 'bench');
  }
  await store.refreshStatistics();
  const trends = new FindingsTrendsService({
    db: knex,
    reader,
    store,
    logger: silentLogger,
    now: () => now,
  });
  const time = async (what: string, fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    console.log(
      `${database.name}, ${FINDINGS} findings: ${what} ${Math.round(
        performance.now() - started,
      )} ms`,
    );
  };
  await time('first record (90 days back-filled + today)', () =>
    trends.record(),
  );
  await time('record of today', () => trends.record());
  await time('read of 90 days, all accounts', () =>
    trends.trends({ days: 90 }, undefined),
  );
}

async function main() {
  for (const open of [sqliteDatabase, postgresDatabase]) {
    const database = await open();
    try {
      await measure(database);
    } finally {
      await database.close();
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
