/**
 * 20 remediations at once through the backend's real RemediationService
 * (routes, SQLite records, follow-up, approvals) with the AWS delivery
 * adapters against the local wire servers, every service throttled; then
 * an audit of what reached "AWS": one commit, one pipeline execution, one
 * approval, one automation run and one finding update per remediation.
 */
import { mkdtempSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';
import { randomUUID } from 'crypto';
import { isTerminalRemediationStatus } from '@internal/plugin-securityhub-remediation-common';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  PIPELINE,
  startFakeAwsForDelivery,
  type ThrottleRule,
} from '../../securityhub-remediation-node/src/testUtils';
import {
  call,
  closeClient,
  prepareDatabase,
  remediablePreview,
  startRemediationBackend,
  submit,
} from './remediateBackend';
import { percentiles, round } from './stats';

export const CONCURRENT = 20;
const DEADLINE_MS = 10 * 60_000;
const TICK_MS = 250;

/*
 * Security Hub's rates are documented (GetFindings 3/s burst 6,
 * BatchUpdateFindings 10/s burst 30); CodeCommit's, CodePipeline's and SSM's
 * quota pages publish no per-API rate, so each gets a conservative 5/s with a
 * burst of 10.
 */
export const THROTTLE: ThrottleRule[] = [
  { service: 'codecommit', requestsPerSecond: 5, burst: 10 },
  { service: 'codepipeline', requestsPerSecond: 5, burst: 10 },
  { service: 'ssm', requestsPerSecond: 5, burst: 10 },
  {
    service: 'securityhub',
    operation: 'GetFindings',
    requestsPerSecond: 3,
    burst: 6,
  },
  {
    service: 'securityhub',
    operation: 'BatchUpdateFindings',
    requestsPerSecond: 10,
    burst: 30,
  },
];

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export async function runConcurrent() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-aws-delivery-'));
  const dbFile = path.join(dir, 'bench.sqlite');
  const demo = await prepareDatabase(dbFile);
  const picks = demo
    .filter(
      f =>
        f.Compliance?.SecurityControlId === 'S3.5' &&
        f.Compliance?.Status === 'FAILED' &&
        f.RecordState === 'ACTIVE',
    )
    .slice(0, CONCURRENT);
  if (picks.length < CONCURRENT)
    throw new Error('Not enough failing S3.5 demo findings');
  const { fake, deliveryConfig, credentialsManager } =
    await startFakeAwsForDelivery({
      accounts: [...new Set(picks.map(f => f.AwsAccountId))],
      fake: {
        findings: picks,
        automationMs: 500,
        reevaluateMs: 1000,
        faults: { throttle: THROTTLE },
      },
      pipeline: { sourceMs: 100, validateMs: 1000, deployMs: 1000 },
      aws: {
        maxAttempts: 8,
        pollSeconds: { pipeline: 0.5, automation: 0.5, verification: 0.5 },
        verify: { timeoutMinutes: 5 },
      },
    });
  const backend = await startRemediationBackend({
    dbFile,
    delivery: deliveryConfig,
    credentialsManager,
  });
  const started = Date.now();
  let stopping = false;
  const owner = `bench-${randomUUID()}`;
  const followUp = (async () => {
    while (!stopping) {
      await backend.service.followUpDue({ owner }).catch(error => {
        console.error(`follow-up failed: ${(error as Error).message}`);
      });
      await sleep(TICK_MS);
    }
  })();
  try {
    const submitMs: number[] = [];
    const ids = await Promise.all(
      picks.map(async finding => {
        const preview = await remediablePreview(backend.base, finding.Id);
        if (!preview) throw new Error(`${finding.Id} cannot be remediated`);
        const at = performance.now();
        const { id } = await submit(
          backend.base,
          finding.Id,
          preview.templateHash,
        );
        submitMs.push(performance.now() - at);
        return id;
      }),
    );
    // An approver who approves whatever waits, as soon as the portal shows it.
    const statuses = new Map<string, string>();
    while (Date.now() - started < DEADLINE_MS) {
      for (const id of ids) {
        const { body } = await call('GET', `${backend.base}/${id}`);
        statuses.set(id, body.status);
        if (body.status === 'awaiting_approval' && body.approvalToken) {
          await call('POST', `${backend.base}/${id}/decision`, {
            decision: 'approve',
            approvalToken: body.approvalToken,
            comment: 'bench approval',
          });
        }
      }
      if (
        [...statuses.values()].every(s =>
          isTerminalRemediationStatus(s as never),
        )
      )
        break;
      await sleep(TICK_MS);
    }
    const wallSeconds = round((Date.now() - started) / 1000);
    const byStatus: Record<string, number> = {};
    for (const s of statuses.values()) byStatus[s] = (byStatus[s] ?? 0) + 1;
    const ok = (operation: string) =>
      fake.requests.filter(r => r.operation === operation && r.status === 200);
    const runs = fake.ssm.automationRuns();
    return {
      remediations: CONCURRENT,
      verified: byStatus.verified ?? 0,
      lost: CONCURRENT - (byStatus.verified ?? 0),
      byStatus,
      submitMs: percentiles(submitMs),
      commits: ok('CreateCommit').length,
      pipelineExecutions: fake.codePipeline.executions(PIPELINE).length,
      approvals: ok('PutApprovalResult').length,
      automationRuns: runs.length,
      distinctAutomationDocuments: new Set(
        runs.map(r => `${r.accountId}/${r.region}/${r.documentName}`),
      ).size,
      findingUpdates: fake.securityHub.batchUpdates.length,
      findingsPassed: picks.filter(
        f => fake.securityHub.finding(f.Id)?.Compliance?.Status === 'PASSED',
      ).length,
      requests: fake.stats.requests,
      throttled: fake.stats.throttled,
      wallSeconds,
    };
  } finally {
    stopping = true;
    await followUp;
    closeClient();
    await backend.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
