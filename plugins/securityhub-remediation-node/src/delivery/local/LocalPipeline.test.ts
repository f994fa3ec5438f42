import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { StaleApprovalError, type PipelineExecution } from '../ports';
import { LocalGitRepository } from './LocalGitRepository';
import { LocalPipeline, LOCAL_DEPLOY_NOTE } from './LocalPipeline';
import { remediationFiles } from '../files';
import { withDeployManifest } from '../deployManifest';
import { renderRemediation } from '../../remediation/templates/renderRemediation';
import { validateRemediationFile } from '../../remediation/validation';

// Many git processes per test: slow on a busy 2-core machine.
jest.setTimeout(30_000);

const author = { name: 'Jane Doe', email: 'jane@example.com' };
const NAME = 'SecHubRemediation-S3-5-0a1b2c3d';

function renderedS35() {
  const answer = renderRemediation({ controlId: 'S3.5' });
  if (answer.kind !== 'aws-runbook') throw new Error(answer.kind);
  return answer;
}

function stageOf(execution: PipelineExecution, name: string) {
  return execution.stages.find(s => s.name === name)!;
}

describe('LocalPipeline', () => {
  let directory: string;
  let repository: LocalGitRepository;
  let validate: jest.Mock;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'local-pipeline-'));
    repository = new LocalGitRepository({ directory });
    validate = jest.fn(validateRemediationFile);
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  function pipeline(cfnLint: 'auto' | 'off' = 'off') {
    return new LocalPipeline({ directory, repository, validate, cfnLint });
  }

  async function stageS35(templateYaml?: string) {
    const answer = renderedS35();
    const template =
      templateYaml ??
      withDeployManifest(answer.templateYaml, {
        findingId: 'finding-1',
        remediationId: 'rem-1',
        accounts: ['123456789012'],
        regions: ['us-east-1', 'eu-west-1'],
        deployment: 'stack',
      });
    const params = JSON.stringify([
      { ParameterKey: 'BucketName', ParameterValue: 'my-bucket' },
      { ParameterKey: 'ResourceArn', ParameterValue: 'arn:aws:s3:::my-bucket' },
    ]);
    return repository.stage({
      files: remediationFiles(NAME, template, params),
      message: 'Stage S3.5',
      author,
    });
  }

  it('waits for approval after validation, and records a plan once approved', async () => {
    const { commitId } = await stageS35();
    const execution = (await pipeline().findExecution(commitId))!;
    expect(execution).toMatchObject({
      commitId,
      status: 'InProgress',
      mode: 'local',
    });
    expect(stageOf(execution, 'Source').status).toBe('Succeeded');
    expect(stageOf(execution, 'Validate')).toMatchObject({
      status: 'Succeeded',
      startedAt: expect.any(String),
      endedAt: expect.any(String),
    });
    const approval = stageOf(execution, 'Approval');
    expect(approval.status).toBe('InProgress');
    expect(approval.approvalToken).toMatch(/^[0-9a-f-]{36}$/);

    // Asking again (even concurrently) is the same execution.
    const again = await Promise.all([
      pipeline().findExecution(commitId),
      pipeline().findExecution(commitId),
    ]);
    expect(again.map(e => e!.id)).toEqual([execution.id, execution.id]);

    await expect(
      pipeline().decide({
        executionId: execution.id,
        token: 'not-the-token',
        decision: 'approve',
        comment: '',
        by: 'user:default/approver',
      }),
    ).rejects.toBeInstanceOf(StaleApprovalError);

    await pipeline().decide({
      executionId: execution.id,
      token: approval.approvalToken!,
      decision: 'approve',
      comment: 'looks right',
      by: 'user:default/approver',
    });
    const done = await pipeline().getExecution(execution.id);
    expect(done.status).toBe('Succeeded');
    expect(stageOf(done, 'Approval')).toMatchObject({
      status: 'Succeeded',
      summary: 'Approved by user:default/approver: looks right',
    });
    expect(stageOf(done, 'Approval').approvalToken).toBeUndefined();
    expect(stageOf(done, 'Deploy')).toMatchObject({
      status: 'Succeeded',
      endedAt: expect.any(String),
      plan: {
        deployment: 'stack',
        stackName: NAME,
        accounts: ['123456789012'],
        regions: ['us-east-1', 'eu-west-1'],
        parameters: {
          BucketName: 'my-bucket',
          ResourceArn: 'arn:aws:s3:::my-bucket',
        },
        applied: false,
        note: LOCAL_DEPLOY_NOTE,
      },
    });
    // A used token is stale.
    await expect(
      pipeline().decide({
        executionId: execution.id,
        token: approval.approvalToken!,
        decision: 'approve',
        comment: '',
        by: 'user:default/approver',
      }),
    ).rejects.toBeInstanceOf(StaleApprovalError);
  });

  it('continues after a restart where the files say, without validating again', async () => {
    const { commitId } = await stageS35();
    const before = (await pipeline().findExecution(commitId))!;
    expect(validate).toHaveBeenCalledTimes(1);

    const restarted = pipeline();
    const after = await restarted.getExecution(before.id);
    expect(after.id).toBe(before.id);
    expect(stageOf(after, 'Approval').approvalToken).toBe(
      stageOf(before, 'Approval').approvalToken,
    );
    expect((await restarted.findExecution(commitId))!.id).toBe(before.id);
    expect(validate).toHaveBeenCalledTimes(1);

    await restarted.decide({
      executionId: before.id,
      token: stageOf(before, 'Approval').approvalToken!,
      decision: 'reject',
      comment: 'not now',
      by: 'user:default/approver',
    });
    const rejected = await pipeline().getExecution(before.id);
    expect(rejected.status).toBe('Rejected');
    expect(stageOf(rejected, 'Approval').status).toBe('Rejected');
    expect(stageOf(rejected, 'Deploy').status).toBe('NotStarted');
  });

  it('fails validation of an invalid template, with its problems', async () => {
    const broken = withDeployManifest(
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      NoSuchProperty: 1\n',
      {
        findingId: 'f',
        accounts: ['123456789012'],
        regions: ['us-east-1'],
        deployment: 'stack',
      },
    );
    const { commitId } = await stageS35(broken);
    const execution = (await pipeline().findExecution(commitId))!;
    expect(execution.status).toBe('Failed');
    const validation = stageOf(execution, 'Validate');
    expect(validation.status).toBe('Failed');
    expect(validation.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          path: expect.stringMatching(
            new RegExp(`^deploy/${NAME}\\.yaml: Resources\\.Bucket`),
          ),
        }),
      ]),
    );
    expect(stageOf(execution, 'Approval').status).toBe('NotStarted');
  });

  it('knows no execution for a commit the repository does not hold', async () => {
    await stageS35();
    expect(await pipeline().findExecution('a'.repeat(40))).toBeUndefined();
  });

  it('runs cfn-lint when it is installed, and fails on its errors', async () => {
    // In-process validation passes, cfn-lint does not: an invalid resource type name.
    validate.mockReturnValue({ kind: 'template', problems: [], valid: true });
    const template = withDeployManifest(
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Thing:\n    Type: AWS::S3::NoSuchThing\n',
      {
        findingId: 'f',
        accounts: ['123456789012'],
        regions: ['us-east-1'],
        deployment: 'stack',
      },
    );
    const { commitId } = await stageS35(template);
    const execution = (await pipeline('auto').findExecution(commitId))!;
    const validation = stageOf(execution, 'Validate');
    expect(validation.summary).toContain('cfn-lint');
    expect(validation.status).toBe('Failed');
    expect(validation.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: expect.stringMatching(/^cfn-lint-E/),
          severity: 'error',
        }),
      ]),
    );
  }, 60_000);
});
