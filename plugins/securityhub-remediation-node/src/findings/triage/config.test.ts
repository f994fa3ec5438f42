import { ConfigReader } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { createSecurityHubOcsfFindingsSources } from '../ocsf/config';
import { createSecurityHubFindingsSources } from '../securityhub/config';
import {
  securityHubOcsfTriageTargetsFromConfig,
  securityHubTriageTargetsFromConfig,
} from './config';

const credentialsManager: AwsCredentialsManager = {
  getCredentialProvider: async () => ({
    accountId: '999999999999',
    sdkCredentialProvider: async () => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    }),
  }),
};

describe('securityHubTriageTargetsFromConfig', () => {
  it('keys each region’s target by the id its findings source stores findings under', async () => {
    const entry = new ConfigReader({
      id: 'prod-hub',
      type: 'securityhub',
      accountId: '111122223333',
      regions: ['us-east-1', 'eu-west-1'],
    });
    const root = new ConfigReader({});
    const targets = await securityHubTriageTargetsFromConfig(entry, root, {
      credentialsManager,
    });
    const sources = await createSecurityHubFindingsSources(entry, root, {
      credentialsManager,
    });

    expect(targets.map(t => t.sourceId)).toEqual(sources.map(s => s.id));
    expect(targets.map(t => [t.accountId, t.region])).toEqual([
      ['111122223333', 'us-east-1'],
      ['111122223333', 'eu-west-1'],
    ]);
    expect(await targets[1].client.config.region()).toBe('eu-west-1');
  });

  it('uses the credentials’ account when the entry names none', async () => {
    const [target] = await securityHubTriageTargetsFromConfig(
      new ConfigReader({
        id: 'hub',
        type: 'securityhub',
        regions: ['us-east-1'],
      }),
      new ConfigReader({}),
      { credentialsManager },
    );
    expect(target.accountId).toBe('999999999999');
  });
});

describe('securityHubOcsfTriageTargetsFromConfig', () => {
  it('keys each region’s target by the id its OCSF findings source stores findings under, with the entry’s endpoint', async () => {
    const entry = new ConfigReader({
      id: 'new-hub',
      type: 'securityhub-ocsf',
      accountId: '111122223333',
      regions: ['us-east-1', 'eu-west-1'],
      endpoint: 'http://127.0.0.1:4566',
      maxAttempts: 4,
    });
    const root = new ConfigReader({});
    const targets = await securityHubOcsfTriageTargetsFromConfig(entry, root, {
      credentialsManager,
    });
    const sources = await createSecurityHubOcsfFindingsSources(entry, root, {
      credentialsManager,
    });

    expect(targets.map(t => t.sourceId)).toEqual(sources.map(s => s.id));
    expect(targets.map(t => [t.accountId, t.region])).toEqual([
      ['111122223333', 'us-east-1'],
      ['111122223333', 'eu-west-1'],
    ]);
    const endpoint = await targets[0].client.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
    expect(await targets[0].client.config.maxAttempts()).toBe(4);
  });

  it('rejects a securityhub entry, which is not OCSF', async () => {
    await expect(
      securityHubOcsfTriageTargetsFromConfig(
        new ConfigReader({
          id: 'hub',
          type: 'securityhub',
          regions: ['us-east-1'],
        }),
        new ConfigReader({}),
        { credentialsManager },
      ),
    ).rejects.toThrow("entry 'hub' of type securityhub-ocsf");
  });
});
