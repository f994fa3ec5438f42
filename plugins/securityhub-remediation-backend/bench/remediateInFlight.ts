/**
 * 20 remediations in flight, the backend killed (SIGKILL) midway and
 * restarted on the same database file and delivery directory; then an
 * audit of the artefacts for lost remediations and repeated stages.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createServer } from 'net';
import path from 'path';
import { isTerminalRemediationStatus } from '@internal/plugin-securityhub-remediation-common';
import {
  call,
  failingActiveFindings,
  prepareDatabase,
  remediablePreview,
  submit,
} from './remediateBackend';
import { auditRun, type AuditResult } from './remediateAudit';
import { round } from './stats';

export const IN_FLIGHT = 20;
const POLL_MS = 200;
/** Kill anyway when the mix of statuses has not come about by then. */
const KILL_FALLBACK_MS = 60_000;
const DEADLINE_MS = 10 * 60_000;
const BEFORE_APPROVAL = new Set(['generated', 'staged', 'validating', 'awaiting_approval']);

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

/** Starts a backend worker with the tsx loader this process runs under. */
function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.join(__dirname, 'remediateWorker.ts')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  workers.add(child);
  child.once('exit', () => workers.delete(child));
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', chunk => {
      stdout += chunk;
      const ready = /ready (\S+)\n/.exec(stdout);
      if (ready) resolve({ child, base: ready[1] });
    });
    child.once('exit', code =>
      reject(new Error(`the worker exited (${code}) before serving: ${stderr}`)),
    );
  });
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Stops a worker gracefully (it finishes its current follow-up). */
export function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
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
  restartToResumeSeconds: number | null;
  allTerminalSeconds: number | null;
  totalWallSeconds: number;
  approvals: number;
  audit: AuditResult;
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
    if (preview) ids.push((await submit(worker.base, findingId, preview.templateHash)).id);
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
  let resumedWall: number | undefined;
  let allTerminalAt: number | undefined;
  let approvals = 0;
  while (performance.now() - started < DEADLINE_MS) {
    const details = await Promise.all(
      ids.map(id => call('GET', `${worker.base}/${id}`)),
    );
    if (details.some(d => d.status !== 200)) {
      throw new Error(`read: ${details.find(d => d.status !== 200)!.status}`);
    }
    const records = details.map(d => d.body);
    const statuses = records.map(r => r.status as string);
    if (process.env.BENCH_TRACE) {
      console.log(seconds(performance.now()), JSON.stringify(countOf(statuses)));
    }
    if (killWall && resumedWall === undefined) {
      // The first step the new instance's follow-up took after the kill.
      const after = records
        .flatMap(r => r.events as Array<{ at: string; actor: string }>)
        .filter(e => e.actor === 'system' && Date.parse(e.at) > killWall!.getTime())
        .map(e => Date.parse(e.at));
      if (after.length) resumedWall = Math.min(...after);
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
        throw new Error(`decision ${r.id}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    const verified = statuses.filter(s => s === 'verified').length;
    const notApproved = statuses.filter(s => BEFORE_APPROVAL.has(s)).length;
    const mixed = verified >= 3 && notApproved >= 3;
    const overdue = performance.now() - submitted > KILL_FALLBACK_MS;
    if (killedAt === undefined && (mixed || overdue)) {
      killReason = mixed
        ? `${verified} verified and ${notApproved} not yet approved`
        : `fallback after ${KILL_FALLBACK_MS / 1000} s`;
      statusesAtKill = countOf(statuses);
      killWall = new Date();
      await killHard(worker.child);
      killedAt = performance.now();
      worker = await startWorker(env);
      restartSeconds = round((performance.now() - killedAt) / 1000, 2);
      continue;
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
  const ended = performance.now();
  await stopWorker(worker.child);
  const audit = await auditRun({ dbFile, directory, ids });
  return {
    remediations: ids.length,
    submitSeconds: round((submitted - started) / 1000, 1),
    killAtSeconds: killedAt === undefined ? -1 : seconds(killedAt),
    killReason: killReason || 'never killed',
    statusesAtKill,
    restartSeconds,
    restartToResumeSeconds:
      killWall && resumedWall !== undefined
        ? round((resumedWall - killWall.getTime()) / 1000, 2)
        : null,
    allTerminalSeconds: allTerminalAt === undefined ? null : seconds(allTerminalAt),
    totalWallSeconds: seconds(ended),
    approvals,
    audit,
  };
}
