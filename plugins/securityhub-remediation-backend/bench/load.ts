/**
 * Load benchmark of the findings views through the real backend (user-token
 * authentication, the permission backend over HTTP, the router): N findings
 * on SQLite and PostgreSQL, then 50 concurrent clients for ~15 s over a mix of
 * views (each view = one list request + one summary request, as the findings
 * page makes them), and each view type alone with one client.
 * Prints tables and writes bench/results/load.json at the repository root.
 *
 *   yarn bench:load                        (repository root; starts PostgreSQL)
 *   BENCH_LOAD_FINDINGS=20000 yarn bench:load
 */
import os from 'os';
import path from 'path';
import {
  loadFindings,
  postgresLoadDatabase,
  sqliteLoadDatabase,
  startLoadBackend,
  type LoadDatabase,
} from './loadBackend';
import {
  FREE_TEXT,
  getJson,
  mixStats,
  runMix,
  viewsOf,
  type View,
} from './loadMix';
import { percentiles, printTable, round, writeResults } from './stats';

const FINDINGS = Number(process.env.BENCH_LOAD_FINDINGS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const DURATION_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const ONE_CLIENT_VIEWS = 40;
const TARGETS = {
  viewsPerSecond: 500,
  errors: 0,
  /** Every view but free text (a scan on SQLite) computed after a write. */
  oneClientViewP95Ms: 50,
};
const RESULTS_FILE = path.resolve(
  __dirname,
  '../../../bench/results',
  // Other sizes (e.g. the one-client run at a million) beside the default.
  FINDINGS === 100_000 ? 'load.json' : `load-${FINDINGS}.json`,
);

/**
 * One client: each view's list and summary in parallel, as the page does;
 * repeated (answered from the response cache) and after a write (computed).
 */
async function oneClient(
  api: string,
  token: string,
  views: View[],
  database: LoadDatabase,
) {
  const knex = database.connect();
  // What a write does to the data version: cached answers no longer count.
  const write = () =>
    knex('securityhub_findings_version').increment('version', 1);
  const measure = async (v: View, afterWrite: boolean) => {
    const samples: number[] = [];
    for (let i = 0; i < ONE_CLIENT_VIEWS + 5; i++) {
      if (afterWrite) await write();
      const start = performance.now();
      await Promise.all([
        getJson(`${api}${v.list}`, token),
        getJson(`${api}${v.summary}`, token),
      ]);
      if (i >= 5) samples.push(performance.now() - start);
    }
    return percentiles(samples);
  };
  const rows = [];
  try {
    for (const v of views) {
      const computed = await measure(v, true);
      const repeated = await measure(v, false);
      rows.push({
        view: v.name,
        p50Ms: computed.p50,
        p95Ms: computed.p95,
        maxMs: computed.max,
        repeatedP50Ms: repeated.p50,
        repeatedP95Ms: repeated.p95,
      });
    }
  } finally {
    await knex.destroy();
  }
  return rows;
}

async function underLoad(api: string, token: string, views: View[]) {
  const run = await runMix(api, token, views, {
    connections: CONNECTIONS,
    seconds: DURATION_SECONDS,
  });
  return mixStats([run], CONNECTIONS);
}

async function benchDatabase(database: LoadDatabase) {
  const start = performance.now();
  await loadFindings(database, FINDINGS);
  const loadSeconds = round((performance.now() - start) / 1000, 1);
  const backend = await startLoadBackend(database);
  try {
    const views = await viewsOf(backend.api, backend.token);
    const oneClientRows = await oneClient(
      backend.api,
      backend.token,
      views,
      database,
    );
    // BENCH_LOAD_SECONDS=0: one client only (e.g. at a million findings).
    const load =
      DURATION_SECONDS > 0
        ? await underLoad(backend.api, backend.token, views)
        : undefined;
    return {
      database: database.name,
      findings: FINDINGS,
      loadSeconds,
      oneClient: oneClientRows,
      load,
      meetsTargets:
        (!load ||
          (load.viewsPerSecond >= TARGETS.viewsPerSecond &&
            load.errors + load.non2xx === 0)) &&
        oneClientRows.every(
          r => r.view === FREE_TEXT || r.p95Ms < TARGETS.oneClientViewP95Ms,
        ),
    };
  } finally {
    await backend.stop();
  }
}

async function main() {
  const started = performance.now();
  const databases: Array<() => Promise<LoadDatabase>> = [sqliteLoadDatabase];
  const pg = Object.keys(process.env)
    .map(name =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(name),
    )
    .find(Boolean);
  if (pg) {
    databases.push(() => postgresLoadDatabase(process.env[pg[0]]!, pg[1]));
  } else {
    console.log(
      'PostgreSQL skipped: run `yarn bench:load` at the repository root, which starts it',
    );
  }
  const only = process.env.BENCH_LOAD_DATABASE?.toLowerCase();
  const results = [];
  for (const open of databases) {
    const database = await open();
    if (only && !database.name.toLowerCase().startsWith(only)) {
      await database.close();
      continue;
    }
    console.log(`\n${database.name}: loading ${FINDINGS} findings…`);
    try {
      results.push(await benchDatabase(database));
    } finally {
      await database.close();
    }
    const last = results[results.length - 1];
    printTable(
      `${last.database}, ${FINDINGS} findings: one client, a view = list + summary in parallel, after a write (p50/p95/max) and repeated (ms)`,
      last.oneClient,
    );
    printTable(
      `${last.database}, ${FINDINGS} findings: ${CONNECTIONS} clients for ${DURATION_SECONDS} s over the mix`,
      last.load ? [last.load] : [],
    );
  }
  printTable(
    'Summary',
    results.map(r => ({
      database: r.database,
      'views/s': r.load?.viewsPerSecond ?? '-',
      'requests/s': r.load?.requestsPerSecond ?? '-',
      'p95 ms (load)': r.load?.p95Ms ?? '-',
      'p99 ms (load)': r.load?.p99Ms ?? '-',
      errors: r.load?.errors ?? '-',
      non2xx: r.load?.non2xx ?? '-',
      'worst one-client p95 ms (but free text)': Math.max(
        ...r.oneClient.filter(o => o.view !== FREE_TEXT).map(o => o.p95Ms),
      ),
      'meets targets': r.meetsTargets ? 'yes' : 'NO',
    })),
  );
  await writeResults(RESULTS_FILE, {
    generatedAt: new Date().toISOString(),
    findings: FINDINGS,
    connections: CONNECTIONS,
    targets: TARGETS,
    measures:
      'through createBackend: guest user token verified by the auth service, securityhub.finding.read asked of the permission backend over HTTP (the portal policy), then list and summary',
    machine: `${os.cpus().length} cores`,
    results,
    durationSeconds: round((performance.now() - started) / 1000, 0),
  });
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
