/**
 * The load benchmark against the backend as deployed: the production build
 * (yarn build:backend, production dependencies, NODE_ENV=production, every
 * request logged as there) on PostgreSQL with N findings, first one
 * instance, then two on the same database with the clients split over them
 * (half the connections each, at the same time). The view mix, the guest
 * user token and the portal's permission policy are load.ts's. Reports where
 * the CPU time of the measured window went: the PostgreSQL server's
 * processes, the backends and the load generator (this process).
 * Writes bench/results/load-instances.json at the repository root.
 *
 *   yarn bench:load                                  (after load.ts)
 *   BENCH_LOAD_INSTANCES=only BENCH_LOAD_FINDINGS=50000 yarn bench:load
 */
import fsp from 'fs/promises';
import os from 'os';
import path from 'path';
/* eslint-disable @backstage/no-relative-monorepo-imports */
// The production build's runner lives with the backend package it builds.
import {
  buildBackend,
  installBuiltBackend,
  REPO_ROOT,
  timed,
} from '../../../packages/backend/production/builtBackend';
import {
  startBuiltInstance,
  waitForReady,
  type BuiltInstance,
} from '../../../packages/backend/production/builtInstance';
/* eslint-enable @backstage/no-relative-monorepo-imports */
import { loadFindings, postgresLoadDatabase } from './loadBackend';
import { getJson, mixStats, runMix, viewsOf, type View } from './loadMix';
import {
  postgresCpuSeconds,
  postmasterPid,
  processCpuSeconds,
} from './processCpu';
import { printTable, round, writeResults } from './stats';

const FINDINGS = Number(process.env.BENCH_LOAD_FINDINGS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const DURATION_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const PORTS = [7117, 7118];
const RESULTS_FILE = path.resolve(
  __dirname,
  '../../../bench/results',
  FINDINGS === 100_000
    ? 'load-instances.json'
    : `load-instances-${FINDINGS}.json`,
);
const LOG_DIR = path.join(
  REPO_ROOT,
  'node_modules/.cache/bench-load-instances',
);

interface Target {
  instance: BuiltInstance;
  api: string;
  token: string;
  views: View[];
}

/** Signs in as guest, as load.ts's backend does. */
async function guestToken(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  }
  return (await res.json()).backstageIdentity.token;
}

/**
 * The clients split over `targets`, all at once; CPU seconds read before
 * and after the window.
 */
async function measure(targets: Target[], postmaster: number) {
  // Each instance keeps its own answers per data version: one pass first,
  // so that the second instance does not start cold.
  for (const target of targets) {
    for (const view of target.views) {
      await getJson(`${target.api}${view.list}`, target.token);
      await getJson(`${target.api}${view.summary}`, target.token);
    }
  }
  const pids = targets.map(t => t.instance.pid);
  const backendsCpu = () =>
    pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  const before = {
    postgres: postgresCpuSeconds(postmaster),
    backends: backendsCpu(),
    generator: process.cpuUsage(),
  };
  const start = performance.now();
  const runs = await Promise.all(
    targets.map((target, index) =>
      runMix(target.api, target.token, target.views, {
        // The first takes the odd one.
        connections:
          Math.floor(CONNECTIONS / targets.length) +
          (index < CONNECTIONS % targets.length ? 1 : 0),
        seconds: DURATION_SECONDS,
      }),
    ),
  );
  const window = (performance.now() - start) / 1000;
  const generator = process.cpuUsage(before.generator);
  const cpu = {
    postgresSeconds: round(postgresCpuSeconds(postmaster) - before.postgres),
    backendsSeconds: round(backendsCpu() - before.backends),
    loadGeneratorSeconds: round((generator.user + generator.system) / 1e6),
    windowSeconds: round(window),
  };
  return { instances: targets.length, ...mixStats(runs, CONNECTIONS), cpu };
}

async function main() {
  const started = performance.now();
  const variable = Object.keys(process.env).find(name =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
  );
  if (!variable) {
    console.log(
      'Built-instance load skipped: run `yarn bench:load` at the repository root, which starts PostgreSQL',
    );
    return;
  }
  const connectionString = process.env[variable]!;
  await fsp.rm(LOG_DIR, { recursive: true, force: true });
  await fsp.mkdir(LOG_DIR, { recursive: true });
  await timed('build (yarn build:backend)', () => buildBackend(LOG_DIR));
  const dir = await timed('production install', () =>
    installBuiltBackend(LOG_DIR),
  );
  const database = await postgresLoadDatabase(
    connectionString,
    variable.replace(/\D/g, ''),
  );
  const instances: BuiltInstance[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const instance of instances) await instance.stop();
      await database.close();
      await fsp.rm(dir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => stopAll().finally(() => process.exit(1)));
  }
  try {
    await timed(`${FINDINGS} findings into PostgreSQL`, () =>
      loadFindings(database, FINDINGS),
    );
    const knex = database.connect();
    const postmaster = await postmasterPid(knex);
    await knex.destroy();
    const postgres = {
      connectionString,
      prefix: String(database.backendConfig.prefix),
    };

    const start = async (index: number): Promise<Target> => {
      const instance = await startBuiltInstance({
        dir,
        name: `instance-${index + 1}`,
        port: PORTS[index],
        postgres,
        logDir: LOG_DIR,
        overlay: {
          // load.ts's user: the guest, outside development here.
          auth: {
            providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
          },
          securityHubRemediation: {
            // The findings are loaded already; no sync during the load.
            findings: {
              sync: { frequency: { trigger: 'manual' } },
              sources: [],
            },
            delivery: {
              type: 'local',
              local: { directory: path.join(LOG_DIR, `delivery-${index}`) },
            },
          },
        },
      });
      instances.push(instance);
      await waitForReady(instance);
      const token = await guestToken(instance.base);
      const api = `${instance.base}/api/securityhub-remediation/v1`;
      return { instance, api, token, views: await viewsOf(api, token) };
    };

    const first = await timed('one instance starts', () => start(0));
    const one = await timed('one instance under load', () =>
      measure([first], postmaster),
    );
    const second = await timed('a second instance starts', () => start(1));
    const two = await timed('two instances under load', () =>
      measure([first, second], postmaster),
    );
    const results = [one, two];
    printTable(
      `Production build on PostgreSQL, ${FINDINGS} findings: ${CONNECTIONS} clients for ${DURATION_SECONDS} s over the mix, and where the CPU time went`,
      results.map(r => ({
        instances: r.instances,
        'views/s': r.viewsPerSecond,
        'requests/s': r.requestsPerSecond,
        'p50 ms': r.p50Ms,
        'p95 ms': r.p95Ms,
        'p99 ms': r.p99Ms,
        errors: r.errors,
        non2xx: r.non2xx,
        'PostgreSQL CPU s': r.cpu.postgresSeconds,
        'backends CPU s': r.cpu.backendsSeconds,
        'load generator CPU s': r.cpu.loadGeneratorSeconds,
        'window s': r.cpu.windowSeconds,
      })),
    );
    await writeResults(RESULTS_FILE, {
      generatedAt: new Date().toISOString(),
      findings: FINDINGS,
      connections: CONNECTIONS,
      seconds: DURATION_SECONDS,
      measures:
        'the production build (yarn build:backend, production dependencies, NODE_ENV=production, app-config.production.yaml) on PostgreSQL: guest user token, securityhub.finding.read asked of the permission backend over HTTP, then list and summary; with two instances the clients are split over both. CPU seconds over the measured window from /proc: every process of the PostgreSQL server (the server is shared with whatever else uses it), the backend processes, and the load generator',
      logLevel: process.env.LOG_LEVEL ?? 'info',
      machine: `${os.cpus().length} cores`,
      results,
      durationSeconds: round((performance.now() - started) / 1000, 0),
    });
  } finally {
    await stopAll();
  }
}

main()
  .then(() => process.exit(0))
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
