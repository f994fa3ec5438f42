/**
 * 20 remediations in flight, the backend killed (SIGKILL) midway and
 * restarted on the same database file and delivery directory; then an
 * audit of the artefacts for lost remediations and repeated stages.
 */
import type { ChildProcess } from 'child_process';
import { createServer } from 'net';
import path from 'path';
import knexFactory from 'knex';
import { isTerminalRemediationStatus } from '@internal/plugin-securityhub-remediation-common';
import {
  call,
  failingActiveFindings,
  prepareDatabase,
  remediablePreview,
  submit,
} from './remediateBackend';
import { auditRun, type AuditResult } from './remediateAudit';
import { startChildBackend } from './childBackend';
import { percentiles, round } from './stats';

export const IN_FLIGHT = 20;
const POLL_MS = 200;
/** Kill anyway when the mix of statuses has not come about by then. */
const KILL_FALLBACK_MS = 60_000;
const DEADLINE_MS = 10 * 60_000;
const BEFORE_APPROVAL = new Set([
  'generated',
  'staged',
  'validating',
  'awaiting_approval',
]);

export interface Worker {
  child: ChildProcess;
  base: string;
}

/** The workers started by this process, for clean-up on any exit. */
export const workers = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** Starts a backend worker; kept in `workers` until it exits. */
async function startWorker(env: Record<string, string>): Promise<Worker> {
  const worker = await startChildBackend(
    path.join(__dirname, 'remediateWorker.ts'),
    env,
  );
  workers.add(worker.child);
  worker.child.once('exit', () => workers.delete(worker.child));
  return worker;
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Stops a worker gracefully (it finishes its current follow-up). */
export function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const countOf = (statuses: string[]) =>
  statuses.reduce<Record<string, number>>((acc, s) => {
    acc[s] = (acc[s] ?? 0) + 1;
    return acc;
  }, {});

export interface InFlightResult {
  remediations: number;
  submitSeconds: number;
  killAtSeconds: number;
  killReason: string;
  statusesAtKill: Record<string, number>;
  restartSeconds: number;
  /** Records under the killed instance's lease, and seconds from the kill until the last lease ends. */
  leasedAtKill: { records: number; lastLeaseEndsSeconds: number | null } | null;
  /** GET /v1/remediations/:id while the follow-up works (20 at a time). */
  readWhileInFlightMs: ReturnType<typeof percentiles>;
  /** Kill -> the new instance's first follow-up step on any record. */
  restartToResumeSeconds: number | null;
  /** Kill -> the last record open at the kill took its next step. */
  restartToAllResumedSeconds: number | null;
  allTerminalSeconds: number | null;
  totalWallSeconds: number;
  approvals: number;
  audit: AuditResult;
}

/** Seconds from the kill to the first follow-up step of the first and of the last record. */
async function resumeSeconds(base: string, ids: string[], killedAt: number) {
  const firstSteps: number[] = [];
  for (const id of ids) {
    const { body } = await call('GET', `${base}/${id}`);
    const after = (body.events as Array<{ at: string; actor: string }>)
      .filter(e => e.actor === 'system' && Date.parse(e.at) > killedAt)
      .map(e => Date.parse(e.at));
    if (after.length) firstSteps.push(Math.min(...after));
  }
  if (firstSteps.length === 0) return undefined;
  return {
    first: round((Math.min(...firstSteps) - killedAt) / 1000, 2),
    last: round((Math.max(...firstSteps) - killedAt) / 1000, 2),
  };
}

/** Records the killed instance still held a lease on, and when the last lease ends. */
async function leasesAt(dbFile: string, killedAt: number) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: dbFile },
    useNullAsDefault: true,
  });
  try {
    const held: Array<{ lease_until: string | number }> = await knex(
      'remediations',
    )
      .whereNotNull('lease_until')
      .select('lease_until');
    const ends = held.map(r => new Date(r.lease_until).getTime());
    return {
      records: held.length,
      lastLeaseEndsSeconds: ends.length
        ? round((Math.max(...ends) - killedAt) / 1000, 1)
        : null,
    };
  } finally {
    await knex.destroy();
  }
}

export async function runInFlight(tmp: string): Promise<InFlightResult> {
  const dbFile = path.join(tmp, 'in-flight.sqlite');
  const directory = path.join(tmp, 'in-flight-delivery');
  const demo = await prepareDatabase(dbFile);
  const env = {
    BENCH_DB_FILE: dbFile,
    BENCH_DELIVERY_DIR: directory,
    BENCH_PORT: String(await freePort()),
  };
  let worker = await startWorker(env);
  const started = performance.now();
  const seconds = (at: number) => round((at - started) / 1000, 1);

  const ids: string[] = [];
  for (const findingId of failingActiveFindings(demo)) {
    if (ids.length === IN_FLIGHT) break;
    const preview = await remediablePreview(worker.base, findingId);
    if (preview)
      ids.push((await submit(worker.base, findingId, preview.templateHash)).id);
  }
  if (ids.length < IN_FLIGHT) {
    throw new Error(`only ${ids.length} remediable demo findings`);
  }
  const submitted = performance.now();

  let killedAt: number | undefined;
  let killWall: Date | undefined;
  let killReason = '';
  let statusesAtKill: Record<string, number> = {};
  let restartSeconds = 0;
  let openAtKill: string[] = [];
  let allTerminalAt: number | undefined;
  let approvals = 0;
  let leasedAtKill: Awaited<ReturnType<typeof leasesAt>> | undefined;
  const readMs: number[] = [];
  while (performance.now() - started < DEADLINE_MS) {
    const base = worker.base;
    const details = await Promise.all(
      ids.map(async id => {
        const t0 = performance.now();
        const res = await call('GET', `${base}/${id}`);
        readMs.push(performance.now() - t0);
        return res;
      }),
    );
    if (details.some(d => d.status !== 200)) {
      throw new Error(`read: ${details.find(d => d.status !== 200)!.status}`);
    }
    const records = details.map(d => d.body);
    const statuses = records.map(r => r.status as string);
    if (process.env.BENCH_TRACE) {
      console.log(
        seconds(performance.now()),
        JSON.stringify(countOf(statuses)),
      );
    }
    if (statuses.every(s => isTerminalRemediationStatus(s as any))) {
      allTerminalAt = performance.now();
      break;
    }
    for (const r of records) {
      if (r.status !== 'awaiting_approval' || !r.approvalToken) continue;
      const res = await call('POST', `${worker.base}/${r.id}/decision`, {
        decision: 'approve',
        comment: 'Approved by the benchmark',
        approvalToken: r.approvalToken,
      });
      if (res.status === 200) approvals++;
      else if (res.status !== 409) {
        throw new Error(
          `decision ${r.id}: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
    }
    const notApproved = statuses.filter(s => BEFORE_APPROVAL.has(s)).length;
    const pastApproval = statuses.filter(
      s => !BEFORE_APPROVAL.has(s) && s !== 'rejected',
    ).length;
    const mixed = pastApproval >= 3 && notApproved >= 3;
    const overdue = performance.now() - submitted > KILL_FALLBACK_MS;
    if (killedAt === undefined && (mixed || overdue)) {
      killReason = mixed
        ? `${pastApproval} past approval and ${notApproved} not yet approved`
        : `fallback after ${KILL_FALLBACK_MS / 1000} s`;
      statusesAtKill = countOf(statuses);
      openAtKill = records
        .filter(r => !isTerminalRemediationStatus(r.status))
        .map(r => r.id);
      killWall = new Date();
      await killHard(worker.child);
      killedAt = performance.now();
      leasedAtKill = await leasesAt(dbFile, killWall.getTime());
      worker = await startWorker(env);
      restartSeconds = round((performance.now() - killedAt) / 1000, 2);
      continue;
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
  const ended = performance.now();
  const resumed = killWall
    ? await resumeSeconds(worker.base, openAtKill, killWall.getTime())
    : undefined;
  await stopWorker(worker.child);
  const audit = await auditRun({ dbFile, directory, ids });
  return {
    remediations: ids.length,
    submitSeconds: round((submitted - started) / 1000, 1),
    killAtSeconds: killedAt === undefined ? -1 : seconds(killedAt),
    killReason: killReason || 'never killed',
    statusesAtKill,
    restartSeconds,
    leasedAtKill: leasedAtKill ?? null,
    restartToResumeSeconds: resumed?.first ?? null,
    restartToAllResumedSeconds: resumed?.last ?? null,
    allTerminalSeconds:
      allTerminalAt === undefined ? null : seconds(allTerminalAt),
    totalWallSeconds: seconds(ended),
    approvals,
    readWhileInFlightMs: percentiles(readMs, 0),
    audit,
  };
}
