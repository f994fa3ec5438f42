/**
 * Remediation benchmark: the backend's remediation routes with the real
 * service, engine and local delivery adapters (real git commits, real
 * cfn-lint, nothing in AWS) over a SQLite file with 2,500 demo findings.
 *
 * 1. submit -> staged commit: POST /v1/remediations until the 201 with a
 *    commit, for 40 distinct findings (after 3 warm-up ones).
 * 2. 20 remediations in flight, the backend process killed (SIGKILL) and
 *    restarted midway; an audit of the artefacts for lost remediations and
 *    stages that ran twice.
 *
 * Prints tables and writes bench/results/remediate.json at the repository root.
 *
 *   yarn bench:remediate            (repository root)
 */
import { rmSync } from 'fs';
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import {
  call,
  closeClient,
  failingActiveFindings,
  prepareDatabase,
  startRemediationBackend,
  submit,
} from './remediateBackend';
import { IN_FLIGHT, killHard, runInFlight, workers } from './remediateInFlight';
import { percentiles, printTable, round, writeResults } from './stats';

const TARGETS = {
  submitP95Ms: 2000,
  inFlightLost: 0,
  inFlightDuplicates: 0,
};
const WARMUP = 3;
const SUBMITS = Number(process.env.BENCH_REMEDIATE_SUBMITS ?? 40);
const RESULTS_FILE = path.resolve(
  __dirname,
  '../../../bench/results/remediate.json',
);

/** Preview (at review) and submit, timed separately, for distinct findings. */
async function measureSubmit(tmp: string) {
  const dbFile = path.join(tmp, 'submit.sqlite');
  const directory = path.join(tmp, 'submit-delivery');
  const demo = await prepareDatabase(dbFile);
  const backend = await startRemediationBackend({ dbFile, directory });
  try {
    const previewMs: number[] = [];
    const submitMs: number[] = [];
    let skipped = 0;
    const controls = new Set<string>();
    for (const findingId of failingActiveFindings(demo)) {
      if (submitMs.length === WARMUP + SUBMITS) break;
      const t0 = performance.now();
      const preview = await call('POST', `${backend.base}/preview`, {
        findingId,
      });
      const t1 = performance.now();
      if (preview.status !== 200) {
        throw new Error(
          `preview: ${preview.status} ${JSON.stringify(preview.body)}`,
        );
      }
      if (preview.body.blockedReason || !preview.body.validation?.valid) {
        skipped++;
        continue;
      }
      previewMs.push(t1 - t0);
      const t2 = performance.now();
      await submit(backend.base, findingId, preview.body.templateHash);
      submitMs.push(performance.now() - t2);
      controls.add(preview.body.controlId);
    }
    if (submitMs.length < WARMUP + SUBMITS) {
      throw new Error(`only ${submitMs.length} remediable demo findings`);
    }
    return {
      submit: percentiles(submitMs.slice(WARMUP), 0),
      preview: percentiles(previewMs.slice(WARMUP), 0),
      distinctControls: controls.size,
      blockedOrInvalidSkipped: skipped,
    };
  } finally {
    await backend.close();
  }
}

let tmpDir: string | undefined;

async function main() {
  const started = performance.now();
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-remediate-'));
  tmpDir = tmp;
  try {
    const submitResult = await measureSubmit(tmp);
    const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');
    const submitMet = submitResult.submit.p95 < TARGETS.submitP95Ms;
    printTable('Submit over HTTP (local git repository, distinct findings)', [
      {
        measure: `submit -> 201 with commit (${submitResult.submit.n})`,
        p50: `${submitResult.submit.p50} ms`,
        p95: `${submitResult.submit.p95} ms`,
        max: `${submitResult.submit.max} ms`,
        target: `p95 < ${TARGETS.submitP95Ms} ms`,
        met: verdict(submitMet),
      },
      {
        measure: `preview (information, ${submitResult.preview.n})`,
        p50: `${submitResult.preview.p50} ms`,
        p95: `${submitResult.preview.p95} ms`,
        max: `${submitResult.preview.max} ms`,
        target: '-',
        met: '-',
      },
    ]);

    const inFlight = await runInFlight(tmp);
    const { audit } = inFlight;
    const duplicates = audit.duplicates.length;
    const lost = audit.lost + audit.missing.length;
    printTable(
      `${IN_FLIGHT} remediations in flight, backend killed (SIGKILL) and restarted`,
      [
        {
          'kill at': `${inFlight.killAtSeconds} s`,
          'statuses at kill': Object.entries(inFlight.statusesAtKill)
            .map(([s, n]) => `${s} ${n}`)
            .join(', '),
          restart: `${inFlight.restartSeconds} s`,
          'leased at kill': `${inFlight.leasedAtKill?.records ?? '-'} (until +${
            inFlight.leasedAtKill?.lastLeaseEndsSeconds ?? '-'
          } s)`,
          'kill -> first step': `${inFlight.restartToResumeSeconds ?? '-'} s`,
          'kill -> all resumed': `${
            inFlight.restartToAllResumedSeconds ?? '-'
          } s`,
          'all terminal': `${inFlight.allTerminalSeconds ?? '-'} s`,
          final: Object.entries(audit.finalStatuses)
            .map(([s, n]) => `${s} ${n}`)
            .join(', '),
          lost,
          duplicates,
          met: verdict(lost === 0 && duplicates === 0),
        },
      ],
    );
    printTable('Audit of the artefacts', [
      {
        commits: audit.counts.commits,
        'pipeline executions': audit.counts.pipelineExecutions,
        'automation runs': audit.counts.automationRuns,
        'automation execution files': audit.counts.automationExecutionFiles,
        'succeeded stage events': audit.counts.succeededStageEvents,
        'findings PASSED': audit.counts.findingsPassed,
      },
    ]);
    for (const line of [...audit.duplicates, ...audit.missing]) {
      console.log(`  ! ${line}`);
    }

    const met = {
      submit: submitMet,
      noneLost: lost === TARGETS.inFlightLost,
      noDuplicates: duplicates === TARGETS.inFlightDuplicates,
    };
    const results = {
      generatedAt: new Date().toISOString(),
      machine: {
        os: `${os.type()} ${os.release()}`,
        cpus: os.cpus().length,
        memoryGiB: round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      setup:
        'plugin router over HTTP (SQLite file, 2,500 demo findings) -> RemediationService -> engine + local delivery adapters (git repository, pipeline with cfn-lint, automation runner, finding verifier); nothing in AWS. In flight: the backend in a child process with the follow-up every 250 ms, killed with SIGKILL and restarted on the same files.',
      targets: TARGETS,
      submit: {
        ...submitResult.submit,
        warmup: WARMUP,
        distinctControls: submitResult.distinctControls,
        blockedOrInvalidSkipped: submitResult.blockedOrInvalidSkipped,
      },
      preview: submitResult.preview,
      inFlight,
      met,
      durationSeconds: round((performance.now() - started) / 1000),
    };
    await writeResults(RESULTS_FILE, results);
    if (!Object.values(met).every(Boolean)) process.exitCode = 1;
  } finally {
    await Promise.all([...workers].map(child => killHard(child)));
    closeClient();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** An interrupted run still takes its workers and files down. */
function onInterrupt() {
  for (const child of workers) child.kill('SIGKILL');
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  process.exit(130);
}
process.once('SIGINT', onInterrupt);
process.once('SIGTERM', onInterrupt);

main().catch(error => {
  console.error(error);
  process.exit(1);
});
