import { accessKeyOf } from './__testUtils__/awsCredentials';
import {
  MEMBER_ACCOUNT,
  MEMBER_REGION,
  PIPELINE_REGION,
  s3Finding,
  s3RemediationRequest,
  stageRequestOf,
  startAwsDeliveryScenario,
  TOOLS_ACCOUNT,
  type AwsDeliveryScenario,
} from './__testUtils__/awsDeliveryScenario';
import { driveRemediation } from './__testUtils__/driveRemediation';
import { clientTokenUuid } from './SsmAutomationRunner';
import { StaleApprovalError } from '../ports';

/*
 * The AWS adapters over the wire: the real SDK clients, built from config,
 * against local servers speaking CodeCommit's, CodePipeline's and SSM's
 * JSON protocols and Security Hub's REST protocol.
 */

jest.setTimeout(60_000);

const buckets = ['ledger-logs', 'audit-logs'];
let scenario: AwsDeliveryScenario;

afterEach(async () => scenario?.close());

const remediationOf = s3RemediationRequest;

describe('AWS delivery over the wire', () => {
  it('takes a finding from staging to PASSED: commit, execution, token, approval, deploy, run, verify', async () => {
    scenario = await startAwsDeliveryScenario({
      fake: { findings: buckets.map(s3Finding) },
    });
    const { fake, delivery } = scenario;
    const remediation = remediationOf('ledger-logs');
    const result = await driveRemediation(delivery, remediation);

    expect(
      fake.codeCommit.fileAt(
        'remediation-templates',
        result.commitId,
        remediation.files[0].path,
      ),
    ).toBe(remediation.files[0].content);
    expect(result.verification).toMatchObject({
      complianceStatus: 'PASSED',
      final: true,
      mode: 'aws',
    });
    // The approval names the approver; the run used the document and a UUID token.
    const approval = fake.requestsOf('codepipeline', 'PutApprovalResult')[0]
      .input as any;
    expect(approval.result).toEqual({
      status: 'Approved',
      summary: 'Approved in the portal by user:default/dana.ops: Reviewed',
    });
    const start = fake.requestsOf('ssm', 'StartAutomationExecution')[0]
      .input as any;
    expect(start).toMatchObject({
      DocumentName: remediation.name,
      ClientToken: clientTokenUuid(remediation.id),
    });
    // Only the document's own parameters: the role's ResourceArn is a stack parameter.
    expect(Object.keys(start.Parameters ?? {})).not.toContain('ResourceArn');
    // The finding is PASSED, noted with a link back, and RESOLVED; the other is untouched.
    const [update] = fake.securityHub.batchUpdates;
    expect(update).toMatchObject({
      accountId: MEMBER_ACCOUNT,
      note: {
        Text: expect.stringContaining(
          `/securityhub/remediations/${remediation.id}`,
        ),
      },
      workflowStatus: 'RESOLVED',
    });
    expect(
      fake.securityHub.finding(s3Finding('audit-logs').Id)?.Compliance?.Status,
    ).toBe('FAILED');

    // Repository and pipeline in the tools account; run and verification in the finding's.
    const where = (service: string) => [
      ...new Set(
        fake.requests
          .filter(r => r.service === service)
          .map(r => `${r.accessKeyId}/${r.region}`),
      ),
    ];
    expect(where('codecommit')).toEqual([
      `${accessKeyOf(TOOLS_ACCOUNT)}/${PIPELINE_REGION}`,
    ]);
    expect(where('codepipeline')).toEqual([
      `${accessKeyOf(TOOLS_ACCOUNT)}/${PIPELINE_REGION}`,
    ]);
    expect(where('ssm')).toEqual([
      `${accessKeyOf(MEMBER_ACCOUNT)}/${MEMBER_REGION}`,
    ]);
    expect(where('securityhub')).toEqual([
      `${accessKeyOf(MEMBER_ACCOUNT)}/${MEMBER_REGION}`,
    ]);
  });

  it('stages the same files once, and a repeated start returns the first run', async () => {
    scenario = await startAwsDeliveryScenario({
      fake: { findings: buckets.map(s3Finding) },
    });
    const { fake, delivery } = scenario;
    const remediation = remediationOf('ledger-logs');
    const request = stageRequestOf(remediation);
    const first = await delivery.repository.stage(request);
    const again = await delivery.repository.stage(request);
    expect(again).toMatchObject({ commitId: first.commitId, changed: false });
    expect(fake.codePipeline.executions(scenarioPipeline()).length).toBe(1);
    fake.ssm.registerDocument({
      accountId: MEMBER_ACCOUNT,
      region: MEMBER_REGION,
      name: remediation.name,
      steps: [],
    });
    const run = {
      clientToken: remediation.id,
      documentName: remediation.name,
      parameters: {},
      accountId: MEMBER_ACCOUNT,
      region: MEMBER_REGION,
    };
    const a = await delivery.runner.start(run);
    const b = await delivery.runner.start(run);
    expect(b.executionId).toBe(a.executionId);
  });

  it('commits on a head another writer moved', async () => {
    scenario = await startAwsDeliveryScenario();
    const { fake, delivery } = scenario;
    const remediation = remediationOf('ledger-logs');
    let moved = false;
    fake.faults.inject = request => {
      if (request.operation === 'CreateCommit' && !moved) {
        moved = true;
        fake.codeCommit.commitBehindTheClientsBack(
          'remediation-templates',
          'main',
          { 'NOTES.md': 'x' },
        );
      }
      return undefined;
    };
    const staged = await delivery.repository.stage(stageRequestOf(remediation));
    expect(staged.changed).toBe(true);
    expect(
      fake.requestsOf('codecommit', 'CreateCommit').map(r => r.errorCode),
    ).toEqual(['ParentCommitIdOutdatedException', undefined]);
    expect(
      fake.codeCommit.fileAt(
        'remediation-templates',
        staged.commitId,
        'NOTES.md',
      ),
    ).toBe('x');
  });

  it('rides out throttling and 5xx answers on every call with the SDK’s retries', async () => {
    let n = 0;
    scenario = await startAwsDeliveryScenario({
      fake: {
        findings: buckets.map(s3Finding),
        faults: {
          throttle: { requestsPerSecond: 20, burst: 3 },
          // Every fifth admitted request fails with a 500.
          inject: () =>
            ++n % 5 === 0
              ? { status: 500, code: 'InternalFailure', message: 'try again' }
              : undefined,
        },
      },
    });
    const result = await driveRemediation(
      scenario.delivery,
      remediationOf('ledger-logs'),
      { pollMs: 50 },
    );
    expect(result.verification.complianceStatus).toBe('PASSED');
    expect(scenario.fake.stats.injected).toBeGreaterThan(0);
  });

  it('names the denied action and resource when the portal role lacks a permission', async () => {
    scenario = await startAwsDeliveryScenario();
    const message =
      'User: arn:aws:sts::111111111111:assumed-role/portal/s is not authorized to perform: codecommit:CreateCommit on resource: arn:aws:codecommit:us-east-1:111111111111:remediation-templates because no identity-based policy allows the codecommit:CreateCommit action';
    scenario.fake.faults.inject = request =>
      request.operation === 'CreateCommit'
        ? { status: 400, code: 'AccessDeniedException', message }
        : undefined;
    const remediation = remediationOf('ledger-logs');
    await expect(
      scenario.delivery.repository.stage(stageRequestOf(remediation)),
    ).rejects.toThrow(
      `codecommit:CreateCommit on repository remediation-templates, branch main failed: AccessDeniedException: ${message}`,
    );
  });

  it('says how to fix a branch that does not exist', async () => {
    scenario = await startAwsDeliveryScenario({ branch: false });
    const remediation = remediationOf('ledger-logs');
    await expect(
      scenario.delivery.repository.stage(stageRequestOf(remediation)),
    ).rejects.toThrow(
      /The branch "main" does not exist in CodeCommit repository remediation-templates/,
    );
  });

  it('reports an expired approval, a stale token and a superseded execution', async () => {
    scenario = await startAwsDeliveryScenario();
    const { fake, delivery } = scenario;
    const stageAndWait = async (bucket: string) => {
      const remediation = remediationOf(bucket);
      const staged = await delivery.repository.stage(
        stageRequestOf(remediation, bucket),
      );
      for (;;) {
        const execution = await delivery.pipeline.findExecution(
          staged.commitId,
        );
        const token = execution?.stages.find(
          s => s.name === 'Approval',
        )?.approvalToken;
        if (execution && token) return { execution, token };
        await new Promise(r => setTimeout(r, 20));
      }
    };
    const first = await stageAndWait('ledger-logs');
    fake.codePipeline.expireApproval(first.execution.id);
    const expired = await delivery.pipeline.getExecution(first.execution.id);
    expect(expired.status).toBe('Failed');
    expect(expired.stages.find(s => s.name === 'Approval')?.error).toMatch(
      /approval expired/,
    );
    await expect(
      delivery.pipeline.decide({
        executionId: first.execution.id,
        token: first.token,
        decision: 'approve',
        comment: '',
        by: 'user:default/dana.ops',
      }),
    ).rejects.toBeInstanceOf(StaleApprovalError);

    const second = await stageAndWait('audit-logs');
    fake.codePipeline.supersede(second.execution.id);
    const superseded = await delivery.pipeline.getExecution(
      second.execution.id,
    );
    expect(superseded.status).toBe('Failed');
    expect(superseded.stages.find(s => s.status === 'Failed')?.error).toMatch(
      /superseded/,
    );
  });

  it('shows the failed step when the resource was deleted before the run', async () => {
    scenario = await startAwsDeliveryScenario({
      fake: { findings: buckets.map(s3Finding) },
    });
    const { fake, delivery } = scenario;
    const remediation = remediationOf('ledger-logs');
    fake.ssm.registerDocument({
      accountId: MEMBER_ACCOUNT,
      region: MEMBER_REGION,
      name: remediation.name,
      steps: [{ name: 'RunAwsRunbook', action: 'aws:executeAutomation' }],
    });
    fake.ssm.failAutomation(remediation.name, {
      stepName: 'RunAwsRunbook',
      message: 'NoSuchBucket: The specified bucket does not exist',
    });
    const where = { accountId: MEMBER_ACCOUNT, region: MEMBER_REGION };
    const { executionId } = await delivery.runner.start({
      clientToken: remediation.id,
      documentName: remediation.name,
      parameters: {},
      ...where,
    });
    let run = await delivery.runner.get(executionId, where);
    while (run.status === 'Pending' || run.status === 'InProgress') {
      await new Promise(r => setTimeout(r, 20));
      run = await delivery.runner.get(executionId, where);
    }
    expect(run.status).toBe('Failed');
    expect(run.failureMessage).toMatch(
      /Step RunAwsRunbook \(aws:executeAutomation\) failed: NoSuchBucket/,
    );
  });
});

function scenarioPipeline() {
  return 'securityhub-remediation';
}
