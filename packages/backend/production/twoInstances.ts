/**
 * The production build tested: builds the backend, installs its production
 * dependencies, starts it twice on one PostgreSQL database prefix and checks
 * that each turns ready only with the findings API and the frontend served,
 * that the start-up run runs once, that "Sync now" on both gives one run on
 * one instance, that both then answer the same, that the other instance
 * starts the next run, that a run whose backend is killed is taken over, and
 * that a backend whose plugin fails to start exits.
 *
 *   scripts/test-production.sh          (starts PostgreSQL when needed)
 *   PRODUCTION_TEST_FINDINGS=20000 scripts/test-production.sh
 */
import crypto from 'crypto';
import fsp from 'fs/promises';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import {
  buildBackend,
  installBuiltBackend,
  REPO_ROOT,
  timed,
} from './builtBackend';
import {
  startBuiltInstance,
  statusOf,
  waitForReady,
  type PostgresTarget,
} from './builtInstance';
import { SOURCE_IDS, sourceFolder, writeFindingsFiles } from './findingsFiles';
import {
  API,
  check,
  CheckFailure,
  Portal,
  SyncStateRows,
} from './portalClient';
import {
  checkNextRunFromOther,
  checkOneRunAtATime,
  checkSameAnswers,
  checkStartUpRun,
  checkTakeover,
  type SyncTest,
} from './syncChecks';
import { checkRemediationPreview } from './remediationChecks';

/** Enough that a run lasts several seconds, so it can be watched and killed. */
const FINDINGS = Number(process.env.PRODUCTION_TEST_FINDINGS ?? 40_000);
const PORTS = { a: 7107, b: 7108, broken: 7109 };
const FAILED_START_TIMEOUT_MS = 60_000;
const LOG_DIR = path.join(REPO_ROOT, 'node_modules/.cache/production-test');

/** Cleanups run in reverse order on every way out, signals included. */
const cleanups: Array<() => Promise<unknown>> = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch(error => console.error(`cleanup: ${error}`));
  }
}

function postgresConnectionString(): string {
  const name = Object.keys(process.env).find(key =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(key),
  );
  if (!name) {
    throw new Error(
      'No BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING; run scripts/test-production.sh, which starts PostgreSQL',
    );
  }
  return process.env[name]!;
}

/** Drops every database whose name starts with the prefix. */
async function dropDatabases(target: PostgresTarget): Promise<void> {
  const admin = new Client({ connectionString: target.connectionString });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'select datname from pg_database where starts_with(datname, $1)',
      [target.prefix],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * Readiness, polled from process start: when it first answers 200 the
 * findings API answers too, and `/` serves the built frontend.
 */
async function checkReadiness(portal: Portal): Promise<void> {
  const { instance } = portal;
  const start = performance.now();
  // Polled often, so the first 200 is seen as it comes.
  await waitForReady(instance, { intervalMs: 100 }).catch(error => {
    throw new CheckFailure(error.message);
  });
  const ready = ((performance.now() - start) / 1000).toFixed(1);
  const status = await portal.request('GET', `${API}/sync/status`);
  check(
    status.status === 200,
    `${instance.name} turned ready while ${API}/sync/status answered ${status.status}: ${status.body}`,
  );
  const root = await fetch(`${instance.base}/`);
  const html = await root.text();
  check(
    root.status === 200 && html.includes('<div id="root">'),
    `${instance.name} turned ready while / answered ${root.status} without the app's index.html`,
  );
  console.log(
    `ok: ${instance.name} ready after ${ready} s, with the findings API and the frontend`,
  );
}

/**
 * A backend whose findings plugin fails at init (an unknown source type)
 * exits non-zero instead of staying up unready.
 */
async function checkFailedStartExits(
  dir: string,
  postgres: PostgresTarget,
  overlay: Record<string, unknown>,
): Promise<void> {
  const broken = await startBuiltInstance({
    dir,
    name: 'misconfigured',
    port: PORTS.broken,
    postgres: { ...postgres, prefix: `${postgres.prefix}broken_` },
    logDir: LOG_DIR,
    overlay,
  });
  cleanups.push(() => broken.stop());
  const start = performance.now();
  let readyWhileBroken = false;
  const timedOut = Symbol('timed out');
  const polling = (async () => {
    while (!broken.exited()) {
      const url = `${broken.base}/.backstage/health/v1/readiness`;
      if ((await statusOf(url)) === 200) readyWhileBroken = true;
      await new Promise(r => setTimeout(r, 250));
    }
  })();
  const code = await Promise.race([
    broken.exit,
    new Promise<symbol>(r => setTimeout(r, FAILED_START_TIMEOUT_MS, timedOut)),
  ]);
  await broken.stop();
  await polling;
  check(
    code !== timedOut,
    `a backend whose plugin failed to start was still running after ${
      FAILED_START_TIMEOUT_MS / 1000
    } s`,
  );
  check(code !== 0, 'a backend whose plugin failed to start exited with 0');
  check(
    !readyWhileBroken,
    'a backend whose plugin failed to start turned ready',
  );
  check(
    broken.logLines().some(line => line.includes("unknown type 'asff-file'")),
    `the misconfigured backend exited (${String(
      code,
    )}) without the plugin's error in its log`,
  );
  const took = ((performance.now() - start) / 1000).toFixed(1);
  console.log(
    `ok: a backend whose findings plugin failed to start exited with ${String(
      code,
    )} after ${took} s`,
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const durations: Array<{ phase: string; seconds: number }> = [];
  const connectionString = postgresConnectionString();
  await fsp.rm(LOG_DIR, { recursive: true, force: true });
  await fsp.mkdir(LOG_DIR, { recursive: true });
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'production-test-'));
  cleanups.push(() => fsp.rm(work, { recursive: true, force: true }));
  const findingsRoot = path.join(work, 'findings');

  await timed(
    'build (yarn build:backend)',
    () => buildBackend(LOG_DIR),
    durations,
  );
  const dir = await timed(
    'production install',
    () => installBuiltBackend(LOG_DIR),
    durations,
  );
  cleanups.push(() => fsp.rm(dir, { recursive: true, force: true }));
  await timed(
    `${FINDINGS} findings as ASFF files`,
    () => writeFindingsFiles(findingsRoot, FINDINGS),
    durations,
  );

  const postgres = {
    connectionString,
    prefix: `production_test_${Date.now()}_`,
  };
  cleanups.push(() => dropDatabases(postgres));
  const token = crypto.randomBytes(24).toString('hex');
  const overlay = (name: string) => ({
    // A person to preview a remediation as (service tokens may not): the
    // guest, which production refuses unless allowed.
    auth: {
      providers: {
        guest: {
          dangerouslyAllowOutsideDevelopment: true,
          ownershipEntityRefs: [
            'user:development/guest',
            'group:default/secops',
          ],
        },
      },
    },
    backend: {
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'production-test' } },
        ],
      },
    },
    securityHubRemediation: {
      findings: {
        // Runs only when asked (and once after start-up: the initial delay
        // of app-config.yaml), so each check knows which run it watches.
        sync: { frequency: { trigger: 'manual' } },
        sources: SOURCE_IDS.map(id => ({
          id,
          type: 'asff-files',
          path: sourceFolder(findingsRoot, id),
        })),
      },
      // Each instance has a disk of its own.
      delivery: {
        type: 'local',
        local: { directory: path.join(work, `delivery-${name}`) },
      },
    },
  });

  const startedAt = Date.now();
  const portals = await timed(
    'two instances start, one after the other; readiness',
    async () => {
      // On an empty database two backends starting at the same moment race
      // in Backstage's own migrations (both create a knex migrations table)
      // and one fails, so the second starts once the first is ready.
      const ready: Portal[] = [];
      for (const [name, port] of [
        ['A', PORTS.a],
        ['B', PORTS.b],
      ] as const) {
        const instance = await startBuiltInstance({
          dir,
          name,
          port,
          postgres,
          logDir: LOG_DIR,
          overlay: overlay(name),
        });
        cleanups.push(() => instance.stop());
        const portal = new Portal(instance, token);
        await checkReadiness(portal);
        ready.push(portal);
      }
      return ready;
    },
    durations,
  );

  const rows = await SyncStateRows.open(postgres);
  cleanups.push(() => rows.close());
  const test: SyncTest = { portals, rows, findingsRoot, findings: FINDINGS };
  await timed(
    'the start-up run (first load)',
    () => checkStartUpRun(test, startedAt),
    durations,
  );
  const runner = await timed(
    'Sync now on both at once',
    () => checkOneRunAtATime(test),
    durations,
  );
  await timed(
    'the same answers from both',
    () => checkSameAnswers(test),
    durations,
  );
  await timed(
    'a remediation preview renders and validates',
    () => checkRemediationPreview(portals[0], FINDINGS),
    durations,
  );
  await timed(
    'the next run from the other instance',
    () => checkNextRunFromOther(test, runner),
    durations,
  );
  await timed(
    'takeover after kill -9, and a failed start-up exits (meanwhile)',
    () =>
      checkTakeover(test, () => {
        // An unknown source type: the plugin refuses it at init.
        const misconfigured = overlay('misconfigured');
        misconfigured.securityHubRemediation.findings.sources = [
          { id: 'exports', type: 'asff-file', path: findingsRoot },
        ];
        return checkFailedStartExits(dir, postgres, misconfigured);
      }),
    durations,
  );

  console.log('\nPhases:');
  for (const { phase, seconds } of durations) {
    console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${phase}`);
  }
  console.log(
    `Production build checks passed in ${(
      (performance.now() - started) /
      1000
    ).toFixed(0)} s`,
  );
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    cleanUp().finally(() => process.exit(code));
  });
}

main()
  .then(cleanUp)
  .then(() => process.exit(0))
  .catch(async error => {
    console.error(
      error instanceof CheckFailure
        ? `\nFAILED: ${error.message}`
        : `\nFAILED: ${error.stack ?? error}`,
    );
    console.error(`Backend logs: ${LOG_DIR}`);
    await cleanUp();
    process.exit(1);
  });
