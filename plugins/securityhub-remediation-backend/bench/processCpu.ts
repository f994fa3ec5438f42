/**
 * CPU time of processes, from /proc (Linux): user + system seconds. A
 * PostgreSQL server's processes come and go with its connections; the
 * postmaster reaps them, so their time is counted in its children's time.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import type { Knex } from 'knex';

const TICKS_PER_SECOND =
  Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface ProcessTimes {
  ppid: number;
  /** Its own user + system ticks. */
  own: number;
  /** User + system ticks of the children it reaped. */
  children: number;
}

function processTimes(pid: number): ProcessTimes | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces; fields 3… follow its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return {
    ppid: field(4),
    own: field(14) + field(15),
    children: field(16) + field(17),
  };
}

/** CPU seconds a process and the children it reaped used so far. */
export function processCpuSeconds(pid: number): number {
  const times = processTimes(pid);
  return times ? (times.own + times.children) / TICKS_PER_SECOND : 0;
}

/** CPU seconds of a PostgreSQL server: its postmaster and every process of it. */
export function postgresCpuSeconds(postmaster: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = processTimes(Number(entry));
    if (times?.ppid === postmaster) ticks += times.own;
  }
  const server = processTimes(postmaster);
  if (server) ticks += server.own + server.children;
  return ticks / TICKS_PER_SECOND;
}

/** The postmaster of the server `knex` reaches: its connection's parent. */
export async function postmasterPid(knex: Knex): Promise<number> {
  const { rows } = await knex.raw('select pg_backend_pid() as pid');
  const times = processTimes(Number(rows[0].pid));
  if (!times) {
    throw new Error(
      'PostgreSQL runs where /proc does not show it; its CPU time cannot be read',
    );
  }
  return times.ppid;
}
