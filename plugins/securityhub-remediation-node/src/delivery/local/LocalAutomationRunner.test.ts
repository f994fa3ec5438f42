import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { LocalAutomationRunner, LOCAL_RUN_NOTE } from './LocalAutomationRunner';
import { renderRemediation } from '../../remediation/templates/renderRemediation';

const where = { accountId: '123456789012', region: 'us-east-1' };

describe('LocalAutomationRunner', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'local-runner-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('returns the first execution for a repeated client token, also from another instance', async () => {
    const answer = renderRemediation({ controlId: 'S3.5' });
    if (answer.kind !== 'aws-runbook') throw new Error(answer.kind);
    const request = {
      clientToken: 'remediation-1',
      documentName: 'SecHubRemediation-S3-5',
      parameters: { BucketName: ['b'] },
      ...where,
      templateYaml: answer.templateYaml,
    };
    const [first, concurrent] = await Promise.all([
      new LocalAutomationRunner({ directory }).start(request),
      new LocalAutomationRunner({ directory }).start(request),
    ]);
    expect(concurrent.executionId).toBe(first.executionId);
    const runner = new LocalAutomationRunner({ directory });
    expect((await runner.start(request)).executionId).toBe(first.executionId);
    const other = await runner.start({
      ...request,
      clientToken: 'remediation-2',
    });
    expect(other.executionId).not.toBe(first.executionId);

    expect(await runner.get(first.executionId, where)).toEqual({
      executionId: first.executionId,
      status: 'Success',
      mode: 'local',
      steps: [
        {
          name: 'RunAwsRunbook',
          action: 'aws:executeAutomation',
          status: 'Planned (local)',
        },
      ],
      note: LOCAL_RUN_NOTE,
    });
    await expect(
      runner.get(first.executionId, { ...where, region: 'eu-west-1' }),
    ).rejects.toThrow(/No local automation execution/);
  });

  it('plans the named document as one step without a template', async () => {
    const runner = new LocalAutomationRunner({ directory });
    const { executionId } = await runner.start({
      clientToken: 't',
      documentName: 'AWS-EnableS3BucketEncryption',
      parameters: {},
      ...where,
    });
    expect((await runner.get(executionId, where)).steps).toEqual([
      {
        name: 'AWS-EnableS3BucketEncryption',
        action: 'aws:executeAutomation',
        status: 'Planned (local)',
      },
    ]);
  });
});
