import knexFactory, { type Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { isTerminalRemediationStatus } from '@internal/plugin-securityhub-remediation-common';
import { createRemediationDelivery } from '@internal/plugin-securityhub-remediation-node';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  startFakeAwsForDelivery,
  type FakeAwsForDelivery,
} from '../../../../securityhub-remediation-node/src/testUtils';
import { migrateFindingsDatabase } from '../../__testUtils__/testDatabases';
import { KnexRemediationStore } from './KnexRemediationStore';
import { RemediationService } from './RemediationService';
import { engine, FINDINGS, loadFindings } from './__testUtils__/serviceHarness';
import { alice, bob } from './__testUtils__/serviceOnDatabase';

/*
 * The remediation service with the AWS delivery adapters, over the wire to
 * the local CodeCommit, CodePipeline, SSM Automation and Security Hub
 * servers: submit → commit → execution → approval token → approve →
 * deploy → run → verified, and what a failing AWS call leaves behind.
 */
jest.setTimeout(60_000);

let knex: Knex;
let aws: FakeAwsForDelivery;
let service: RemediationService;

async function start(
  options: { inject?: FakeAwsForDelivery['fake']['faults']['inject'] } = {},
) {
  aws = await startFakeAwsForDelivery({
    fake: {
      findings: [FINDINGS.failing as never],
      faults: { inject: options.inject },
    },
    aws: {
      pollSeconds: { pipeline: 0.02, automation: 0.02, verification: 0.02 },
    },
  });
  knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await migrateFindingsDatabase(knex);
  const findings = await loadFindings(knex);
  const { verifier, followUpIntervalsMs, ...delivery } =
    await createRemediationDelivery(
      new ConfigReader({
        securityHubRemediation: { delivery: aws.deliveryConfig },
      }),
      {
        validate: engine.validate,
        credentialsManager: aws.credentialsManager,
        remediationUrl: id =>
          `https://portal.example.com/securityhub/remediations/${id}`,
      },
    );
  service = new RemediationService({
    store: new KnexRemediationStore(knex),
    findings,
    engine,
    ...delivery,
    verifier: verifier!,
    allowSelfApproval: false,
    logger: mockServices.logger.mock(),
    followUp: {
      intervalsMs: followUpIntervalsMs,
      backoffBaseMs: 20,
      backoffMaxMs: 50,
      maxAttempts: 2,
    },
  });
}

afterEach(async () => {
  await aws?.fake.close();
  await knex?.destroy();
});

async function submit() {
  const preview = await service.preview(FINDINGS.failing.Id, undefined);
  return service.create(
    { findingId: FINDINGS.failing.Id, templateHash: preview.templateHash! },
    alice,
  );
}

/** Runs the follow-up (approving what waits, as bob) until `done` holds. */
async function followUntil(
  id: string,
  done: (status: string) => boolean,
  approve = true,
) {
  for (let i = 0; i < 2000; i++) {
    await service.followUpDue({ owner: 'test' });
    const record = (await service.get(id, undefined))!;
    if (done(record.status)) return record;
    if (
      approve &&
      record.status === 'awaiting_approval' &&
      record.approvalToken
    ) {
      await service.decide(
        id,
        {
          decision: 'approve',
          approvalToken: record.approvalToken,
          comment: 'ok',
        },
        bob,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  throw new Error(`remediation ${id} did not get there`);
}

describe('RemediationService on the AWS delivery, over the wire', () => {
  it('takes a finding to verified in Security Hub', async () => {
    await start();
    const created = await submit();
    expect(created.repository).toMatchObject({
      mode: 'aws',
      name: 'remediation-templates',
      branch: 'main',
    });
    expect(created.repository?.url).toContain(
      'console.aws.amazon.com/codesuite/codecommit',
    );
    const done = await followUntil(
      created.id,
      isTerminalRemediationStatus as (s: string) => boolean,
    );
    expect(done.status).toBe('verified');
    expect(done).toMatchObject({
      pipeline: { mode: 'aws', name: 'securityhub-remediation' },
      approval: { decision: 'approved', by: bob.actor },
      deploy: {
        mode: 'aws',
        applied: true,
        deployment: 'stack',
        accounts: [FINDINGS.failing.AwsAccountId],
      },
      automation: {
        mode: 'aws',
        documentName: created.templateName,
        status: 'Success',
      },
      verification: { complianceStatus: 'PASSED', mode: 'aws' },
    });
    const { fake } = aws;
    expect(
      fake
        .requestsOf('codecommit', 'CreateCommit')
        .filter(r => r.status === 200),
    ).toHaveLength(1);
    expect(
      (fake.requestsOf('codepipeline', 'PutApprovalResult')[0].input as any)
        .result.summary,
    ).toBe(`Approved in the portal by ${bob.actor}: ok`);
    expect(fake.ssm.automationRuns()).toHaveLength(1);
    expect(fake.securityHub.batchUpdates).toHaveLength(1);
    expect(fake.securityHub.batchUpdates[0].note?.Text).toContain(
      `/securityhub/remediations/${created.id}`,
    );
  });

  it('fails the run stage with AWS’s AccessDenied words, and a retry after the fix verifies', async () => {
    const message =
      'User: arn:aws:sts::111111111111:assumed-role/portal/s is not authorized to perform: ssm:StartAutomationExecution on resource: arn:aws:ssm:us-east-1:111111111111:automation-definition/SecHubRemediation-S3-5';
    let denied = true;
    await start({
      inject: request =>
        denied && request.operation === 'StartAutomationExecution'
          ? { status: 400, code: 'AccessDeniedException', message }
          : undefined,
    });
    const created = await submit();
    const failed = await followUntil(created.id, s => s === 'failed');
    expect(failed.error).toMatchObject({ stage: 'run', attempts: 2 });
    expect(failed.error?.message).toContain(`ssm:StartAutomationExecution`);
    expect(failed.error?.message).toContain(message);
    denied = false;
    await service.retry(created.id, alice);
    const done = await followUntil(
      created.id,
      isTerminalRemediationStatus as (s: string) => boolean,
    );
    expect(done.status).toBe('verified');
    expect(aws.fake.ssm.automationRuns()).toHaveLength(1);
  });

  it('fails the approval stage when the approval expires in the pipeline', async () => {
    await start();
    const created = await submit();
    const waiting = await followUntil(
      created.id,
      s => s === 'awaiting_approval',
      false,
    );
    const execution = waiting.pipeline!.executionId;
    aws.fake.codePipeline.expireApproval(execution);
    const failed = await followUntil(created.id, s => s === 'failed', false);
    expect(failed.error).toMatchObject({ stage: 'approval' });
    expect(failed.error?.message).toMatch(/approval expired/);
    await expect(
      service.decide(
        created.id,
        {
          decision: 'approve',
          approvalToken: waiting.approvalToken!,
          comment: '',
        },
        bob,
      ),
    ).rejects.toThrow();
  });
});
