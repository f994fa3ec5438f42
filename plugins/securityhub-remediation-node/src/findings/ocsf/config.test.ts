import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { ConfigReader } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { createSecurityHubOcsfFindingsSources } from './config';
import { SecurityHubOcsfFindingsSource } from './SecurityHubOcsfFindingsSource';

const sdkCredentialProvider = async () => ({
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
});
const getCredentialProvider = jest.fn(
  async (opts?: { accountId?: string }) => ({
    accountId: opts?.accountId ?? '999988887777',
    sdkCredentialProvider,
  }),
);
const credentialsManager: AwsCredentialsManager = { getCredentialProvider };
const rootConfig = new ConfigReader({});

describe('createSecurityHubOcsfFindingsSources', () => {
  it('creates one OCSF source per region with the account credentials and its own limiter', async () => {
    const clientFactory = jest.fn(
      (region: string, _credentials: unknown, _settings: unknown) =>
        new SecurityHubClient({ region }),
    );
    const sources = await createSecurityHubOcsfFindingsSources(
      new ConfigReader({
        id: 'prod-ocsf',
        type: 'securityhub-ocsf',
        accountId: '111122223333',
        regions: ['us-east-1', 'eu-west-1'],
        productNames: ['Security Hub'],
        maxAttempts: 5,
        endpoint: 'https://securityhub.example.test',
      }),
      rootConfig,
      { credentialsManager, clientFactory },
    );
    expect(sources.every(s => s instanceof SecurityHubOcsfFindingsSource)).toBe(
      true,
    );
    expect(sources.map(s => [s.id, s.kind, s.target])).toEqual([
      [
        'prod-ocsf:us-east-1',
        'securityhub-ocsf',
        '111122223333/us-east-1 (OCSF)',
      ],
      [
        'prod-ocsf:eu-west-1',
        'securityhub-ocsf',
        '111122223333/eu-west-1 (OCSF)',
      ],
    ]);
    expect(getCredentialProvider).toHaveBeenCalledWith({
      accountId: '111122223333',
    });
    expect(clientFactory.mock.calls.map(c => [c[0], c[2]])).toEqual([
      [
        'us-east-1',
        { endpoint: 'https://securityhub.example.test', maxAttempts: 5 },
      ],
      [
        'eu-west-1',
        { endpoint: 'https://securityhub.example.test', maxAttempts: 5 },
      ],
    ]);
    expect(sources[0].rateLimiter).not.toBe(sources[1].rateLimiter);
    expect(sources[0].buildQuery(undefined, new Date()).Filters).toEqual({
      CompositeOperator: 'AND',
      CompositeFilters: [
        {
          Operator: 'OR',
          StringFilters: [
            {
              FieldName: 'metadata.product.name',
              Filter: { Value: 'Security Hub', Comparison: 'EQUALS' },
            },
          ],
        },
      ],
    });
  });

  it('uses the main account of the AWS integration without accountId', async () => {
    const [source] = await createSecurityHubOcsfFindingsSources(
      new ConfigReader({
        id: 'main',
        type: 'securityhub-ocsf',
        regions: ['us-east-1'],
      }),
      rootConfig,
      {
        credentialsManager,
        clientFactory: r => new SecurityHubClient({ region: r }),
      },
    );
    expect(source.accountLabel).toBe('999988887777');
  });

  it.each([
    [{ regions: [] }, /regions: must list at least one region/],
    [
      { regions: ['us-east-1'], memberAccountIds: ['111122223333'] },
      /Unrecognized key/,
    ],
    [
      { regions: ['us-east-1'], accountId: 'prod' },
      /accountId: must be a 12-digit/,
    ],
  ])('refuses %j naming the key', async (entry, message) => {
    await expect(
      createSecurityHubOcsfFindingsSources(
        new ConfigReader({ id: 'bad', type: 'securityhub-ocsf', ...entry }),
        rootConfig,
        { credentialsManager },
      ),
    ).rejects.toThrow(message);
  });
});
