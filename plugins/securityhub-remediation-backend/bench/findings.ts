/**
 * Findings benchmark: import rate and query latency at 100,000 findings on
 * SQLite and PostgreSQL, and a Security Hub sync against a throttling server.
 * Prints tables and writes bench/results/findings.json at the repository root.
 *
 *   yarn bench:findings            (repository root; starts PostgreSQL)
 */
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import {
  DEMO_ACCOUNTS,
  findingsListQuerySchema,
  generateDemoFindings,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import { AsffFileFindingsSource } from '@internal/plugin-securityhub-remediation-node';
import { KnexFindingsStore } from '../src/services/FindingsStore';
import { FindingsSyncService } from '../src/services/FindingsSync';
import { MIGRATIONS_DIR } from '../src/__testUtils__/testDatabases';
import {
  postgresDatabase,
  sqliteDatabase,
  type BenchDatabase,
  storedFindings,
  waitForTextIndex,
} from './databases';
import { measureLatency, printTable, round, writeResults } from './stats';
import { runThrottledSync } from './throttledSync';
import { cpuSince, measureImportFloor, type CpuSeconds } from './importFloor';
import { postgresCpuSeconds, postmasterPid } from './processCpu';
import { silentLogger } from './benchRouter';

const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 100_000);
const FILES = 100;
const TARGETS = {
  importPerSecond: 20_000,
  /** PostgreSQL file import over the COPY-then-index floor, same run. */
  importOfFloor: 0.8,
  queryP95Ms: 50,
  syncRateFraction: 0.95,
};
const RESULTS_FILE = path.resolve(
  __dirname,
  '../../../bench/results/findings.json',
);

async function writeJsonLines(findings: AsffFinding[]): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-asff-'));
  const perFile = Math.ceil(findings.length / FILES);
  for (let i = 0; i < FILES; i++) {
    const slice = findings.slice(i * perFile, (i + 1) * perFile);
    const name = `export-${String(i).padStart(3, '0')}.jsonl`;
    await fs.writeFile(
      path.join(dir, name),
      slice.map(f => JSON.stringify(f)).join('\n'),
    );
  }
  return dir;
}

function mostCommon(values: Array<string | undefined>): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

const roundCpu = ({ backend, server }: CpuSeconds) => ({
  backend: round(backend, 1),
  server: round(server, 1),
});

/** The benchmark's findings; generated when needed, not held during imports. */
const benchFindings = () => generateDemoFindings({ count: FINDINGS, seed: 42 });

async function benchDatabase(
  db: BenchDatabase,
  filesDir: string,
  control: string,
) {
  const knex = db.knex!;
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
  const store = new KnexFindingsStore({
    db: knex,
    reader: db.reader,
    analyze: db.analyze,
  });

  // 1. Import from ASFF files: read, parse, validate, upsert (one transaction per file).
  const sync = new FindingsSyncService({
    store,
    sources: [new AsffFileFindingsSource({ id: 'bench', path: filesDir })],
    logger: silentLogger,
  });
  // CPU time of this process and of the PostgreSQL server (the floor's too):
  // their sum over the machine's cores bounds how fast an import can be.
  const postgres = knex.client.dialect === 'postgresql';
  const postmaster = postgres ? await postmasterPid(knex) : undefined;
  const cpu = (): CpuSeconds => {
    const { user, system } = process.cpuUsage();
    return {
      backend: (user + system) / 1e6,
      server: postmaster ? postgresCpuSeconds(postmaster) : 0,
    };
  };
  // How long requests would wait at worst (better-sqlite3 runs on the event loop).
  const eventLoop = monitorEventLoopDelay({ resolution: 5 });
  eventLoop.enable();
  const importCpuBefore = cpu();
  let start = performance.now();
  const [result] = await sync.syncAll();
  const fileImportSeconds = (performance.now() - start) / 1000;
  const importCpu = cpuSince(cpu, importCpuBefore);
  eventLoop.disable();
  if (!result.ok) throw new Error(`import failed: ${result.error}`);
  const rerun = await measureRerun(sync, knex, filesDir);

  // 2. Store-only upsert of newer versions of every finding (the update path).
  const findings = benchFindings();
  const newer = findings.map(f => ({
    ...f,
    UpdatedAt: new Date(Date.parse(f.UpdatedAt) + 86_400_000).toISOString(),
  }));
  start = performance.now();
  for (let i = 0; i < newer.length; i += 1000) {
    await store.upsertBatch(newer.slice(i, i + 1000), 'bench');
  }
  const upsertSeconds = (performance.now() - start) / 1000;
  // The floor: the same rows COPYed into bare tables, indexes built after.
  const floor = postgres
    ? await measureImportFloor(knex, findings, cpu)
    : undefined;
  // As the sync does after every large import (not part of the upsert rate).
  await store.refreshStatistics();
  if ((await storedFindings(knex)) !== findings.length)
    throw new Error('stored count differs');

  // 3. Typical queries, each as the API runs it (page + total count).
  const account = DEMO_ACCOUNTS[0].id;
  const list = (input: Record<string, unknown>) => () =>
    store.list(findingsListQuerySchema.parse(input), undefined);
  let deepCursor: string | undefined;
  for (let walked = 0; walked < 50_000; walked += 500) {
    const page = await store.list(
      findingsListQuerySchema.parse({ limit: 500, cursor: deepCursor }),
      undefined,
    );
    deepCursor = page.nextCursor ?? undefined;
  }
  // Free text is answered from the text index once the data has settled
  // and the index is built, as in the portal; the queries are timed then.
  if (!(await waitForTextIndex(store, 120_000)).ready) {
    throw new Error('the text index was not built within 2 minutes');
  }
  const textHits = (await list({ q: 'ledger' })()).totalCount;
  const queries: Array<[string, () => Promise<unknown>]> = [
    [
      'open failed (default view)',
      list({
        recordState: 'ACTIVE',
        complianceStatus: 'FAILED',
        workflowStatus: ['NEW', 'NOTIFIED'],
      }),
    ],
    [`by account (${account})`, list({ accountId: account })],
    ['by severity (CRITICAL,HIGH)', list({ severity: ['CRITICAL', 'HIGH'] })],
    [`by control (${control})`, list({ controlId: control })],
    [`free text ("ledger", ${textHits} hits)`, list({ q: 'ledger' })],
    ['deep page (offset 50,000)', list({ cursor: deepCursor })],
    ['summary (all)', () => store.summary({}, undefined)],
    [
      `summary (account ${account})`,
      () => store.summary({ accountId: [account] }, undefined),
    ],
  ];
  const latencies = [];
  for (const [name, run] of queries) {
    latencies.push({ query: name, ...(await measureLatency(run)) });
  }
  return {
    database: db.name,
    import: {
      findings: findings.length,
      files: FILES,
      fileImportSeconds: round(fileImportSeconds, 2),
      fileImportPerSecond: Math.round(findings.length / fileImportSeconds),
      longestEventLoopStallMs: round(eventLoop.max / 1e6),
      upsertSeconds: round(upsertSeconds, 2),
      upsertPerSecond: Math.round(findings.length / upsertSeconds),
      ...(floor && {
        floorSeconds: round(floor.seconds, 2),
        floorPerSecond: floor.perSecond,
        importOfFloor: round(
          findings.length / fileImportSeconds / floor.perSecond,
          2,
        ),
        cpuSeconds: {
          import: roundCpu(importCpu),
          floor: roundCpu(floor.cpu),
        },
        // The import cannot take less than its CPU time spread over every
        // core, so the floor over that is the best ratio this machine allows
        // for the work the import does now.
        importOfFloorCpuCeiling: round(
          floor.seconds /
            ((importCpu.backend + importCpu.server) / os.cpus().length),
          2,
        ),
      }),
    },
    queries: latencies,
    rerun,
  };
}

/**
 * A second run over the same files, as the scheduler makes every few
 * minutes: files untouched (not opened), files touched but not changed
 * (hashed), and files read again in full (their fingerprints forgotten:
 * parsed, nothing written). Each must write nothing.
 */
async function measureRerun(
  sync: FindingsSyncService,
  knex: NonNullable<BenchDatabase['knex']>,
  filesDir: string,
) {
  const timed = async (name: string) => {
    const start = performance.now();
    const [result] = await sync.syncAll();
    const seconds = (performance.now() - start) / 1000;
    if (!result.ok || result.imported !== 0) {
      throw new Error(`${name}: wrote ${result.imported} (${result.error})`);
    }
    return {
      run: name,
      seconds: round(seconds, 2),
      unchanged: result.unchanged,
      filesNotRead: result.unchangedUnits,
    };
  };
  const untouched = await timed('files untouched');
  const later = new Date(Date.now() + 60_000);
  for (const name of await fs.readdir(filesDir)) {
    await fs.utimes(path.join(filesDir, name), later, later);
  }
  const touched = await timed('files touched, same bytes');
  await knex('securityhub_sync_units').delete();
  const reread = await timed('files read again, same findings');
  return [untouched, touched, reread];
}

/** Summaries are measured but not among the targeted queries. */
function queryVerdict(query: string, p95: number): string {
  if (query.startsWith('summary')) return 'not targeted';
  return p95 < TARGETS.queryP95Ms ? 'met' : 'MISSED';
}

async function main() {
  const started = performance.now();
  console.log(`Generating ${FINDINGS.toLocaleString()} findings…`);
  // The imports run without the generated findings held in memory (a
  // backend importing files does not hold them either).
  const { filesDir, control } = await (async () => {
    const findings = benchFindings();
    return {
      filesDir: await writeJsonLines(findings),
      control: mostCommon(findings.map(f => f.Compliance?.SecurityControlId)),
    };
  })();

  const databases = [];
  for (const open of [sqliteDatabase, postgresDatabase]) {
    const db = await open();
    try {
      if (db.skipped) {
        console.log(`${db.name}: skipped — ${db.skipped}`);
        databases.push({ database: db.name, skipped: db.skipped });
        continue;
      }
      console.log(`${db.name}: importing and querying…`);
      databases.push(await benchDatabase(db, filesDir, control));
    } finally {
      await db.close();
    }
  }
  await fs.rm(filesDir, { recursive: true, force: true });

  console.log('Security Hub sync against a throttling server…');
  const sync = [
    await runThrottledSync({
      name: 'client limit = quota',
      allowed: 5,
      burst: 5,
      clientRate: 5,
      pages: 60,
    }),
    await runThrottledSync({
      name: 'client limit = 2× quota',
      allowed: 5,
      burst: 5,
      clientRate: 10,
      pages: 60,
    }),
  ];

  const measured = databases.filter(
    (d): d is Exclude<typeof d, { skipped: string }> => !('skipped' in d),
  );
  printTable(
    'Import (100 JSON Lines files → parse → validate → store)',
    measured.map(d => ({
      database: d.database,
      findings: d.import.findings,
      'file import s': d.import.fileImportSeconds,
      'file import /s': d.import.fileImportPerSecond,
      'upsert-only /s': d.import.upsertPerSecond,
      'longest stall ms': d.import.longestEventLoopStallMs,
      [`target ≥${TARGETS.importPerSecond}/s`]:
        d.import.fileImportPerSecond >= TARGETS.importPerSecond
          ? 'met'
          : 'MISSED',
      'floor /s': d.import.floorPerSecond ?? '–',
      'CPU s backend / server (floor)': d.import.cpuSeconds
        ? `${d.import.cpuSeconds.import.backend} / ${d.import.cpuSeconds.import.server} (${d.import.cpuSeconds.floor.backend} / ${d.import.cpuSeconds.floor.server})`
        : '–',
      'CPU ceiling': d.import.importOfFloorCpuCeiling ?? '–',
      [`of floor (≥${TARGETS.importOfFloor})`]:
        d.import.importOfFloor === undefined
          ? '–'
          : `${d.import.importOfFloor} ${
              d.import.importOfFloor >= TARGETS.importOfFloor ? 'met' : 'MISSED'
            }`,
    })),
  );
  printTable(
    'A second run over unchanged files (nothing may be written)',
    measured.flatMap(d => d.rerun.map(r => ({ database: d.database, ...r }))),
  );
  printTable(
    `Query latency at ${FINDINGS.toLocaleString()} findings (ms, page of 50 + total count)`,
    measured.flatMap(d =>
      d.queries.map(q => ({
        database: d.database,
        query: q.query,
        p50: q.p50,
        p95: q.p95,
        max: q.max,
        [`p95 < ${TARGETS.queryP95Ms}`]: queryVerdict(q.query, q.p95),
      })),
    ),
  );
  printTable(
    'Sync against a throttling GetFindings server',
    sync.map(s => ({
      scenario: s.name,
      'allowed /s': `${s.allowedPerSecond} (burst ${s.burst})`,
      pages: s.pages,
      seconds: s.seconds,
      'achieved /s': s.achievedPerSecond,
      'of allowed': `${round(s.fractionOfAllowed * 100)} %`,
      throttled: s.throttledResponses,
      'retries reported': s.retriesReported,
      'errors surfaced': s.errorsSurfaced,
      'lost pages': s.lostPages,
    })),
  );

  const results = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    targets: TARGETS,
    findings: FINDINGS,
    databases,
    sync,
    durationSeconds: round((performance.now() - started) / 1000),
  };
  await writeResults(RESULTS_FILE, results);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
