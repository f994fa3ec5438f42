/**
 * Audits a remediation run from its artefacts: the local git repository's
 * commits, the local pipeline's executions, the local automation runs, and
 * the database's records, timeline and findings.
 */
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import fs from 'fs/promises';
import path from 'path';
import { promisify } from 'util';
import knexFactory from 'knex';

const run = promisify(execFile);

export interface AuditResult {
  remediations: number;
  finalStatuses: Record<string, number>;
  /** Remediations not verified (missing, failed, stuck). */
  lost: number;
  /** Each entry: one side effect or stage that happened more (or less) than once. */
  duplicates: string[];
  /** Remediations whose effect is missing (no commit, no execution, no run, finding not PASSED). */
  missing: string[];
  counts: {
    commits: number;
    pipelineExecutions: number;
    automationRuns: number;
    automationExecutionFiles: number;
    succeededStageEvents: number;
    findingsPassed: number;
  };
}

async function readJsonFiles(dir: string): Promise<any[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return Promise.all(
    names
      .filter(n => n.endsWith('.json'))
      .map(async n => JSON.parse(await fs.readFile(path.join(dir, n), 'utf8'))),
  );
}

const tally = <T>(values: T[]) => {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
};

/** Audits the given remediations (ids) after every backend process stopped. */
export async function auditRun(options: {
  dbFile: string;
  directory: string;
  ids: string[];
}): Promise<AuditResult> {
  const { dbFile, directory, ids } = options;
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: dbFile },
    useNullAsDefault: true,
  });
  try {
    const records: any[] = await knex('remediations').whereIn('id', ids);
    const events: any[] = await knex('remediation_events')
      .whereIn('remediation_id', ids)
      .where({ status: 'succeeded' });
    const findingIds = records.map(r => r.finding_id);
    const findings: any[] = await knex('securityhub_findings')
      .whereIn('id', findingIds)
      .select('id', 'compliance_status');

    // Commits on every ref that name a remediation.
    const { stdout } = await run('git', ['log', '--all', '--format=%H%x09%s'], {
      cwd: path.join(directory, 'repository'),
      maxBuffer: 64 * 2 ** 20,
    });
    const commits = stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [hash, subject] = line.split('\t');
        return {
          hash,
          remediation: /remediation ([^\s)]+)\)/.exec(subject)?.[1],
        };
      });
    const commitsOf = tally(commits.map(c => c.remediation));
    const executions = await readJsonFiles(
      path.join(directory, 'pipeline', 'executions'),
    );
    const executionsOf = tally(executions.map(e => e.commitId as string));
    const automationRuns = await readJsonFiles(
      path.join(directory, 'automation'),
    );
    const automationExecutionFiles = await readJsonFiles(
      path.join(directory, 'automation', 'executions'),
    );
    const succeededOf = tally(
      events.map(e => `${e.remediation_id} ${e.stage}`),
    );

    const duplicates: string[] = [];
    const missing: string[] = [];
    const finalStatuses: Record<string, number> = {};
    for (const id of ids) {
      const record = records.find(r => r.id === id);
      if (!record) {
        missing.push(`${id}: no record`);
        continue;
      }
      finalStatuses[record.status] = (finalStatuses[record.status] ?? 0) + 1;
      const nCommits = commitsOf.get(id) ?? 0;
      if (nCommits !== 1) {
        (nCommits ? duplicates : missing).push(`${id}: ${nCommits} commits`);
      }
      const commitId = JSON.parse(record.repository ?? '{}').commitId;
      const nExecutions = commitId ? executionsOf.get(commitId) ?? 0 : 0;
      if (nExecutions !== 1) {
        (nExecutions ? duplicates : missing).push(
          `${id}: ${nExecutions} pipeline executions`,
        );
      }
      // The runner keeps one file per client token (named by its sha256).
      const token = record.retries > 0 ? `${id}-r${record.retries}` : id;
      const tokenFile = path.join(
        directory,
        'automation',
        `${createHash('sha256').update(token).digest('hex')}.json`,
      );
      const stored = await fs
        .readFile(tokenFile, 'utf8')
        .then(JSON.parse, () => undefined);
      const recorded = JSON.parse(record.automation ?? '{}').executionId;
      if (!stored) missing.push(`${id}: no automation run`);
      else if (stored.executionId !== recorded) {
        duplicates.push(`${id}: the record names another automation run`);
      }
      for (const [key, n] of succeededOf) {
        if (key.startsWith(`${id} `) && n > 1) {
          duplicates.push(`${key}: succeeded ${n} times`);
        }
      }
      const finding = findings.find(f => f.id === record.finding_id);
      if (finding?.compliance_status !== 'PASSED') {
        missing.push(`${id}: finding ${finding?.compliance_status ?? 'gone'}`);
      }
    }
    // Every automation start writes one execution file: more files than
    // runs means a run was started twice.
    if (automationExecutionFiles.length !== automationRuns.length) {
      duplicates.push(
        `${automationExecutionFiles.length} automation executions for ${automationRuns.length} client tokens`,
      );
    }
    return {
      remediations: records.length,
      finalStatuses,
      lost: ids.length - (finalStatuses.verified ?? 0),
      duplicates,
      missing,
      counts: {
        commits: commits.filter(
          c => c.remediation && ids.includes(c.remediation),
        ).length,
        pipelineExecutions: executions.length,
        automationRuns: automationRuns.length,
        automationExecutionFiles: automationExecutionFiles.length,
        succeededStageEvents: events.length,
        findingsPassed: findings.filter(f => f.compliance_status === 'PASSED')
          .length,
      },
    };
  } finally {
    await knex.destroy();
  }
}
