import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { ConfigReader } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { createSecurityHubFindingsSources } from './config';

const sdkCredentialProvider = async () => ({
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
});

function fakeCredentialsManager(mainAccountId?: string) {
  const getCredentialProvider = jest.fn(
    async (opts?: { accountId?: string }) => ({
      accountId: opts?.accountId ?? mainAccountId,
      sdkCredentialProvider,
    }),
  );
  const manager: AwsCredentialsManager = { getCredentialProvider };
  return { manager, getCredentialProvider };
}

const rootConfig = new ConfigReader({});

describe('createSecurityHubFindingsSources', () => {
  it('creates one source per region with its own limiter and the documented defaults', async () => {
    const { manager, getCredentialProvider } = fakeCredentialsManager();
    const clientFactory = jest.fn(
      (region: string, _credentials: unknown, _settings: unknown) =>
        new SecurityHubClient({ region }),
    );
    const sources = await createSecurityHubFindingsSources(
      new ConfigReader({
        id: 'prod',
        type: 'securityhub',
        accountId: '111122223333',
        regions: ['us-east-1', 'eu-west-1'],
      }),
      rootConfig,
      { credentialsManager: manager, clientFactory },
    );

    expect(sources.map(s => [s.id, s.target])).toEqual([
      ['prod:us-east-1', '111122223333/us-east-1'],
      ['prod:eu-west-1', '111122223333/eu-west-1'],
    ]);
    expect(getCredentialProvider).toHaveBeenCalledWith({
      accountId: '111122223333',
    });
    expect(clientFactory.mock.calls).toEqual([
      [
        'us-east-1',
        sdkCredentialProvider,
        { endpoint: undefined, maxAttempts: 8 },
      ],
      [
        'eu-west-1',
        sdkCredentialProvider,
        { endpoint: undefined, maxAttempts: 8 },
      ],
    ]);
    const query = sources[0].buildQuery(undefined, new Date());
    expect(query.Filters).toEqual({
      ProductName: [{ Value: 'Security Hub', Comparison: 'EQUALS' }],
    });
    // One bucket per account and region, 3/s with bursts of 6, on each client.
    const [first, second] = sources.map(s => s.rateLimiter!);
    expect(first).not.toBe(second);
    expect([first.requestsPerSecond, first.burst]).toEqual([3, 6]);
    for (const { value: client } of clientFactory.mock.results) {
      expect(
        (client as SecurityHubClient).middlewareStack.identify(),
      ).toContain('securityHubRateLimiter - after retryMiddleware');
    }
  });

  it('passes endpoint, attempts, rate limit, products and member accounts through', async () => {
    const { manager } = fakeCredentialsManager();
    const clientFactory = jest.fn(
      (region: string, _credentials: unknown, _settings: unknown) =>
        new SecurityHubClient({ region }),
    );
    const [source] = await createSecurityHubFindingsSources(
      new ConfigReader({
        id: 'org',
        type: 'securityhub',
        accountId: '111122223333',
        regions: ['us-east-1'],
        productNames: [],
        memberAccountIds: ['444455556666'],
        endpoint: 'http://127.0.0.1:4566',
        rateLimit: { requestsPerSecond: 1.5 },
        maxAttempts: 3,
      }),
      rootConfig,
      { credentialsManager: manager, clientFactory },
    );
    expect(clientFactory.mock.calls[0][2]).toEqual({
      endpoint: 'http://127.0.0.1:4566',
      maxAttempts: 3,
    });
    expect(source.rateLimiter?.requestsPerSecond).toBe(1.5);
    expect(source.rateLimiter?.burst).toBe(6);
    expect(source.buildQuery(undefined, new Date()).Filters).toEqual({
      AwsAccountId: [{ Value: '444455556666', Comparison: 'EQUALS' }],
    });
  });

  it('defaults to the main account of the AWS integration', async () => {
    const { manager, getCredentialProvider } =
      fakeCredentialsManager('999988887777');
    const [source] = await createSecurityHubFindingsSources(
      new ConfigReader({
        id: 'main',
        type: 'securityhub',
        regions: ['us-east-2'],
      }),
      rootConfig,
      { credentialsManager: manager },
    );
    expect(getCredentialProvider).toHaveBeenCalledWith(undefined);
    expect(source.target).toBe('999988887777/us-east-2');
    expect(source.id).toBe('main:us-east-2');
  });

  it.each([
    [
      { regions: [] },
      "entry 'bad' of type securityhub: regions: must list at least one region",
    ],
    [
      { regions: ['us-east-1'], accountId: '1234' },
      "'bad' of type securityhub: accountId: must be a 12-digit AWS account id",
    ],
    [
      { regions: ['Virginia'] },
      'regions.0: must be an AWS region such as us-east-1',
    ],
    [
      { regions: ['us-east-1'], region: 'us-east-1' },
      "Unrecognized key(s) in object: 'region'",
    ],
    [
      { regions: ['us-east-1'], rateLimit: { burst: 0 } },
      'rateLimit.burst: Number must be greater than or equal to 1',
    ],
    [
      { regions: ['us-east-1'], endpoint: 'not a url' },
      'endpoint: Invalid url',
    ],
    [
      { regions: ['us-east-1'], memberAccountIds: ['x'] },
      'memberAccountIds.0: must be a 12-digit AWS account id',
    ],
  ])('rejects %j naming the source and the key', async (entry, message) => {
    await expect(
      createSecurityHubFindingsSources(
        new ConfigReader({ id: 'bad', type: 'securityhub', ...entry }),
        rootConfig,
        { credentialsManager: fakeCredentialsManager().manager },
      ),
    ).rejects.toThrow(message);
  });

  it('names an entry without id as such', async () => {
    await expect(
      createSecurityHubFindingsSources(
        new ConfigReader({ type: 'securityhub', regions: ['us-east-1'] }),
        rootConfig,
        { credentialsManager: fakeCredentialsManager().manager },
      ),
    ).rejects.toThrow(
      'Invalid securityHubRemediation.findings.sources entry (without id) of type securityhub: id: Required',
    );
  });
});
