import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigReader } from '@backstage/config';
import { createRemediationDelivery } from './deliveryFromConfig';
import { LocalGitRepository } from './local/LocalGitRepository';
import { validateRemediationFile } from '../remediation/validation';

const validate = validateRemediationFile;

describe('createRemediationDelivery', () => {
  let workingDirectory: string;
  beforeEach(async () => {
    workingDirectory = await mkdtemp(join(tmpdir(), 'delivery-config-'));
  });
  afterEach(async () => {
    await rm(workingDirectory, { recursive: true, force: true });
  });

  it('defaults to local delivery under .data/remediation-delivery', async () => {
    const delivery = await createRemediationDelivery(new ConfigReader({}), {
      validate,
      workingDirectory,
    });
    expect(delivery.repository).toBeInstanceOf(LocalGitRepository);
    expect(delivery.repository).toMatchObject({
      mode: 'local',
      name: 'remediation-templates',
      branch: 'main',
      gitDir: join(workingDirectory, '.data/remediation-delivery/repository'),
    });
    expect(delivery.pipeline.mode).toBe('local');
    expect(delivery.runner.mode).toBe('local');
  });

  it('reads the local options', async () => {
    const delivery = await createRemediationDelivery(
      new ConfigReader({
        securityHubRemediation: {
          delivery: {
            type: 'local',
            local: {
              directory: 'out',
              branch: 'remediations',
              repositoryName: 'fixes',
              cfnLint: 'off',
            },
          },
        },
      }),
      { validate, workingDirectory },
    );
    expect(delivery.repository).toMatchObject({
      name: 'fixes',
      branch: 'remediations',
      gitDir: join(workingDirectory, 'out/repository'),
    });
  });

  it.each([
    [
      { type: 'aws' },
      /securityHubRemediation.delivery.aws is required when the delivery type is "aws"/,
    ],
    [
      { type: 'aws', aws: { region: 'us-east-1', pipeline: 'x' } },
      /Invalid securityHubRemediation.delivery.aws: .*pipeline/,
    ],
    [
      { type: 'aws', aws: { region: 'Virginia' } },
      /region: must be an AWS region such as us-east-1/,
    ],
    [{ type: 'ftp' }, /securityHubRemediation.delivery.type must be "local"/],
    [
      { local: { cfnLint: 'always' } },
      /securityHubRemediation.delivery.local.cfnLint must be "auto" or "off"/,
    ],
    [
      { local: { branch: 'a..b' } },
      /securityHubRemediation.delivery.local.branch "a..b"/,
    ],
  ])('refuses %j with a message naming the key', async (delivery, message) => {
    await expect(
      createRemediationDelivery(
        new ConfigReader({ securityHubRemediation: { delivery } }),
        { validate, workingDirectory },
      ),
    ).rejects.toThrow(message);
  });
});
