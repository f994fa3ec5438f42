/**
 * AWS delivery benchmark: the AWS adapters (real SDK v3 clients, built from
 * config) against the local wire servers of CodeCommit, CodePipeline, SSM
 * Automation and Security Hub.
 *
 * 1. One remediation, 20 times in a row: the time spent in its own AWS
 *    calls (stage, find the execution, follow it, approve, run, verify),
 *    AWS's waits excluded.
 * 2. 20 remediations at once through the backend (records, follow-up,
 *    approvals) with every service throttled.
 *
 * Prints tables and writes bench/results/aws-delivery.json at the repository root.
 *
 *   yarn bench:aws-delivery            (repository root)
 */
import os from 'os';
import path from 'path';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  driveRemediation,
  s3Finding,
  s3RemediationRequest,
  startAwsDeliveryScenario,
} from '../../securityhub-remediation-node/src/testUtils';
import { CONCURRENT, runConcurrent, THROTTLE } from './awsDeliveryConcurrent';
import { percentiles, printTable, round, writeResults } from './stats';

const TARGETS = { oneRemediationCallsP95Ms: 2000, concurrentLost: 0 };
const SEQUENTIAL = 20;
const RESULTS_FILE = path.resolve(
  __dirname,
  '../../../bench/results/aws-delivery.json',
);

async function oneAfterAnother() {
  const buckets = Array.from(
    { length: SEQUENTIAL + 2 },
    (_, i) => `bench-bucket-${i}`,
  );
  const scenario = await startAwsDeliveryScenario({
    fake: {
      findings: buckets.map(s3Finding),
      automationMs: 20,
      reevaluateMs: 20,
    },
    pipeline: { sourceMs: 10, validateMs: 10, deployMs: 10 },
  });
  try {
    const callMs: number[] = [];
    const requests: number[] = [];
    for (const [i, bucket] of buckets.entries()) {
      const before = scenario.fake.stats.requests;
      const result = await driveRemediation(
        scenario.delivery,
        s3RemediationRequest(bucket),
        { pollMs: 10 },
      );
      if (result.verification.complianceStatus !== 'PASSED') {
        throw new Error(
          `${bucket} ended ${result.verification.complianceStatus}`,
        );
      }
      // The first two warm up the clients and connections.
      if (i < 2) continue;
      callMs.push(result.callMs);
      requests.push(scenario.fake.stats.requests - before);
    }
    return {
      remediations: SEQUENTIAL,
      callMs: percentiles(callMs),
      requests: percentiles(requests, 0),
    };
  } finally {
    await scenario.close();
  }
}

async function main() {
  const started = Date.now();
  const one = await oneAfterAnother();
  printTable(
    'One remediation: time in its own AWS calls (AWS waits excluded)',
    [
      {
        remediations: one.remediations,
        'p50 ms': one.callMs.p50,
        'p95 ms': one.callMs.p95,
        'max ms': one.callMs.max,
        'requests (p50)': one.requests.p50,
        target: `p95 < ${TARGETS.oneRemediationCallsP95Ms} ms`,
        met: one.callMs.p95 < TARGETS.oneRemediationCallsP95Ms ? 'yes' : 'NO',
      },
    ],
  );
  const many = await runConcurrent();
  printTable(
    `${CONCURRENT} remediations at once through the backend, every service throttled`,
    [
      {
        verified: `${many.verified}/${CONCURRENT}`,
        lost: many.lost,
        commits: many.commits,
        executions: many.pipelineExecutions,
        approvals: many.approvals,
        'automation runs': many.automationRuns,
        'finding updates': many.findingUpdates,
        'requests / throttled': `${many.requests} / ${many.throttled}`,
        'wall s': many.wallSeconds,
        met: many.lost === TARGETS.concurrentLost ? 'yes' : 'NO',
      },
    ],
  );
  const results = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    durationSeconds: round((Date.now() - started) / 1000),
    targets: TARGETS,
    throttle: THROTTLE,
    oneRemediation: one,
    concurrent: many,
  };
  await writeResults(RESULTS_FILE, results);
  if (
    one.callMs.p95 >= TARGETS.oneRemediationCallsP95Ms ||
    many.lost !== TARGETS.concurrentLost
  ) {
    console.error('A target was missed');
    process.exitCode = 1;
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
