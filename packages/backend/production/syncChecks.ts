/**
 * What two instances of the built backend on one database must hold for the
 * findings sync: one run at a time whichever instance is asked, the same
 * answers from both, and a run whose backend died taken over by the other.
 */
import fsp from 'fs/promises';
import {
  DEMO_ACCOUNTS,
  type SyncStatus,
} from '@internal/plugin-securityhub-remediation-common';
import { waitUntil } from './builtInstance';
import { writeFindingsFiles } from './findingsFiles';
import {
  API,
  check,
  CheckFailure,
  type Portal,
  type SyncStateRows,
} from './portalClient';

/** Longest a run of the test's findings may take on a busy 2-core machine. */
const RUN_TIMEOUT_MS = 120_000;

/** What the test knows and shares between checks. */
export interface SyncTest {
  portals: Portal[];
  rows: SyncStateRows;
  /** Folder of the findings files (every source's folder is under it). */
  findingsRoot: string;
  findings: number;
}

/** Whether the process has a file under `root` open: it is reading it. */
async function readsFilesUnder(pid: number, root: string): Promise<boolean> {
  let fds: string[];
  try {
    fds = await fsp.readdir(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    const target = await fsp.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target.startsWith(root)) return true;
  }
  return false;
}

interface RunObservation {
  /** Instances seen reading the findings files while the run went on. */
  readers: Set<string>;
  /** Every run owner the database showed on a running source. */
  owners: Set<string>;
  /** Most sources one status answer showed running at once. */
  mostRunning: number;
  status: SyncStatus;
  seconds: number;
}

/**
 * Polls both instances and the database until every source ran since
 * `sinceMs` and none runs any more, noting who did the work.
 */
async function observeRun(
  test: SyncTest,
  sinceMs: number,
): Promise<RunObservation> {
  const start = performance.now();
  const seen: RunObservation = {
    readers: new Set(),
    owners: new Set(),
    mostRunning: 0,
    status: { sources: [], totalStored: 0, detailed: true },
    seconds: 0,
  };
  await waitUntil(
    async () => {
      const alive = test.portals.filter(p => !p.instance.exited());
      for (const portal of alive) {
        if (await readsFilesUnder(portal.instance.pid, test.findingsRoot)) {
          seen.readers.add(portal.name);
        }
      }
      for (const row of await test.rows.running()) {
        seen.owners.add(row.owner ?? 'none');
      }
      let done = true;
      for (const portal of alive) {
        seen.status = await portal.syncStatus();
        const sources = seen.status.sources;
        const running = sources.filter(s => s.state === 'running').length;
        seen.mostRunning = Math.max(seen.mostRunning, running);
        done &&= sources.every(
          s =>
            s.state !== 'running' &&
            s.lastStartedAt !== null &&
            Date.parse(s.lastStartedAt) >= sinceMs,
        );
      }
      return done;
    },
    {
      timeoutMs: RUN_TIMEOUT_MS,
      intervalMs: 150,
      message: `the sync run did not finish within ${RUN_TIMEOUT_MS / 1000} s`,
    },
  );
  seen.seconds = Math.round((performance.now() - start) / 100) / 10;
  return seen;
}

function checkRunSucceeded(test: SyncTest, run: RunObservation, what: string) {
  const notOk = run.status.sources.filter(s => s.state !== 'succeeded');
  check(
    notOk.length === 0,
    `${what}: sources did not succeed: ${JSON.stringify(notOk)}`,
  );
  check(
    run.status.totalStored === test.findings,
    `${what}: ${run.status.totalStored} findings stored, not ${test.findings}`,
  );
}

function checkSingleOwner(run: RunObservation, what: string) {
  check(
    run.mostRunning <= 1,
    `${what}: ${run.mostRunning} sources showed running at once; runs overlapped`,
  );
  check(
    run.owners.size <= 1,
    `${what}: the database showed ${run.owners.size} run owners (${[
      ...run.owners,
    ].join(', ')}); one run must have one owner`,
  );
  check(
    run.readers.size <= 1,
    `${what}: ${[...run.readers].join(' and ')} both read the findings files`,
  );
}

/**
 * The run the sync's initial delay (app-config.yaml) starts after start-up,
 * the first load: one run, on one instance, every finding stored.
 */
export async function checkStartUpRun(
  test: SyncTest,
  sinceMs: number,
): Promise<void> {
  const run = await observeRun(test, sinceMs);
  checkSingleOwner(run, 'the start-up run');
  checkRunSucceeded(test, run, 'the start-up run');
  console.log(
    `ok: the start-up run ran once${
      run.readers.size ? `, on ${[...run.readers][0]}` : ''
    }: ${run.status.totalStored} findings`,
  );
}

/**
 * "Sync now" on both instances at once: one run, on one instance. Returns
 * the instance that ran it.
 */
export async function checkOneRunAtATime(test: SyncTest): Promise<Portal> {
  const [a, b] = test.portals;
  // Every finding updated, so the run lasts long enough to watch.
  await writeFindingsFiles(test.findingsRoot, test.findings, 1);
  const since = Date.now() - 1000;
  const answers = await Promise.all(
    [a, b].map(portal => portal.request('POST', `${API}/sync`)),
  );
  const codes = answers.map(answer => answer.status);
  console.log(
    `Sync now on both at once: ${a.name} ${codes[0]}, ${b.name} ${codes[1]}`,
  );
  // One request wins; the other is told a run is on its way, even before
  // an instance has claimed it.
  check(
    [...codes].sort().join() === '202,409',
    `Sync now on both at once answered ${codes.join(
      ' and ',
    )}, not 202 and 409: ${answers.map(x => x.body).join(' / ')}`,
  );
  const run = await observeRun(test, since);
  checkSingleOwner(run, 'the run both asked for');
  check(run.owners.size === 1, 'no run owner was seen in the database');
  check(run.readers.size === 1, 'no instance was seen reading the findings');
  checkRunSucceeded(test, run, 'the run both asked for');
  const runner = test.portals.find(p => run.readers.has(p.name))!;
  console.log(`ok: one run, on ${runner.name}, ${run.seconds} s`);

  return runner;
}

/** Answers both instances must give byte for byte. */
function comparedQueries(): string[] {
  const account = DEMO_ACCOUNTS[0].id;
  return [
    `${API}/findings?severity=CRITICAL&severity=HIGH&complianceStatus=FAILED&limit=50`,
    `${API}/findings?accountId=${account}&sort=updatedAt&limit=20`,
    `${API}/findings?limit=1`,
    `${API}/findings/summary`,
    `${API}/findings/summary?accountId=${account}&recordState=ACTIVE`,
    `${API}/sync/status`,
  ];
}

/**
 * After a run, both instances answer the same. An instance's counts in
 * memory catch up with the database on its next request, so a few seconds
 * are allowed for that.
 */
export async function checkSameAnswers(test: SyncTest): Promise<void> {
  const [a, b] = test.portals;
  const start = performance.now();
  const differing: string[] = [];
  await waitUntil(
    async () => {
      differing.length = 0;
      for (const query of comparedQueries()) {
        const [x, y] = await Promise.all([
          a.request('GET', query),
          b.request('GET', query),
        ]);
        check(
          x.status === 200 && y.status === 200,
          `GET ${query} answered ${x.status} on ${a.name} and ${y.status} on ${b.name}`,
        );
        if (x.body !== y.body) differing.push(query);
      }
      return differing.length === 0;
    },
    {
      timeoutMs: 10_000,
      intervalMs: 500,
      message: `${a.name} and ${b.name} answered differently: ${differing.join(
        ', ',
      )}`,
    },
  ).catch(error => {
    throw new CheckFailure(error.message);
  });
  const count = JSON.parse(
    (await a.request('GET', `${API}/findings?limit=1`)).body,
  ).totalCount;
  check(
    count === test.findings,
    `the findings count is ${count}, not ${test.findings}`,
  );
  const took = (performance.now() - start) / 1000;
  console.log(
    `ok: ${
      comparedQueries().length
    } queries answered byte for byte the same (${took.toFixed(
      1,
    )} s), ${count} findings`,
  );
}

/** "Sync now" on the instance that did not run the last run starts the next. */
export async function checkNextRunFromOther(
  test: SyncTest,
  lastRunner: Portal,
): Promise<void> {
  const other = test.portals.find(p => p !== lastRunner)!;
  const since = Date.now() - 1000;
  const answer = await other.request('POST', `${API}/sync`);
  check(
    answer.status === 202,
    `Sync now on ${other.name} after the run answered ${answer.status}: ${answer.body}`,
  );
  const run = await observeRun(test, since);
  checkSingleOwner(run, 'the next run');
  checkRunSucceeded(test, run, 'the next run');
  console.log(
    `ok: Sync now on ${other.name} started the next run (${run.seconds} s)`,
  );
}

/**
 * A run whose backend is killed mid-run: the other instance marks it
 * interrupted once its heartbeat is stale, and "Sync now" there starts a
 * run that completes. `whileWaiting` runs meanwhile.
 */
export async function checkTakeover(
  test: SyncTest,
  whileWaiting: () => Promise<void>,
): Promise<void> {
  // New content in every file, so the run has all of it to write again.
  await writeFindingsFiles(test.findingsRoot, test.findings, 2);
  const [a] = test.portals;
  const since = Date.now() - 1000;
  const answer = await a.request('POST', `${API}/sync`);
  check(
    answer.status === 202,
    `Sync now on ${a.name} answered ${answer.status}`,
  );
  let runner: Portal | undefined;
  await waitUntil(
    async () => {
      for (const portal of test.portals) {
        if (await readsFilesUnder(portal.instance.pid, test.findingsRoot)) {
          runner = portal;
        }
      }
      return runner !== undefined;
    },
    {
      timeoutMs: 20_000,
      intervalMs: 100,
      message: 'no instance started reading the findings files',
    },
  );
  const killed = runner!;
  const survivor = test.portals.find(p => p !== killed)!;
  // Mid-run: some of it written, a heartbeat or none yet.
  await new Promise(r => setTimeout(r, 3000));
  const running = (await survivor.syncStatus()).sources.filter(
    s => s.state === 'running',
  );
  check(
    running.length === 1,
    `the run on ${killed.name} ended within 3 s; more findings are needed to kill it mid-run`,
  );
  killed.instance.kill('SIGKILL');
  const killedAt = performance.now();
  await killed.instance.exit;
  console.log(
    `${killed.name} killed (kill -9) while it synced ${running[0].sourceId}`,
  );

  await whileWaiting();

  // Until the dead run's heartbeat is stale, Sync now answers 409.
  let conflicts = 0;
  let restartedAt = 0;
  await waitUntil(
    async () => {
      const next = await survivor.request('POST', `${API}/sync`);
      check(
        next.status === 202 || next.status === 409,
        `Sync now on ${survivor.name} answered ${next.status}: ${next.body}`,
      );
      if (next.status === 409) conflicts += 1;
      restartedAt = Date.now();
      return next.status === 202;
    },
    {
      timeoutMs: 180_000,
      intervalMs: 2000,
      message: `${survivor.name} never took over the run of ${killed.name}`,
    },
  );
  const staleSeconds = ((performance.now() - killedAt) / 1000).toFixed(1);
  const interrupted = survivor.instance
    .logLines()
    .some(line => line.includes('was interrupted'));
  check(
    interrupted,
    `${survivor.name} accepted Sync now but did not log the run of ${killed.name} as interrupted`,
  );
  const run = await observeRun(test, Math.max(since, restartedAt - 1000));
  checkSingleOwner(run, 'the run after the takeover');
  checkRunSucceeded(test, run, 'the run after the takeover');
  console.log(
    `ok: ${survivor.name} marked the run interrupted and started the next ${staleSeconds} s after the kill (${conflicts} × 409 before), which completed in ${run.seconds} s with ${run.status.totalStored} findings`,
  );
}
