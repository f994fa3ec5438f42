import {
  ListSecurityControlDefinitionsCommand,
  SecurityHubClient,
  type ListSecurityControlDefinitionsCommandInput,
  type SecurityControlDefinition,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createSecurityHubClient } from '../../findings/securityhub/client';
import { ControlCatalogRefreshError } from './ControlCatalogRefreshError';
import { fetchControlDefinitions } from './fetchControlDefinitions';
import {
  FSBP_ARN,
  REGION,
  credentials,
  sdkDefinition,
  sdkDefinitions,
  throttlingError,
} from './__testUtils__/fixtures';

describe('fetchControlDefinitions', () => {
  const client = new SecurityHubClient({ region: REGION, credentials });
  const mock = mockClient(client);
  /** Inputs as sent: the paginator reuses one input object, so copy per call. */
  let sent: ListSecurityControlDefinitionsCommandInput[];

  beforeEach(() => {
    mock.reset();
    sent = [];
  });

  /** Serves `all` in pages of MaxResults with tokens `page-2`, `page-3`, … */
  function servePages(all: SecurityControlDefinition[]) {
    mock
      .on(ListSecurityControlDefinitionsCommand)
      .callsFake((input: ListSecurityControlDefinitionsCommandInput) => {
        sent.push(structuredClone(input));
        const page = Number(input.NextToken?.replace('page-', '') ?? 1);
        const size = input.MaxResults ?? 25;
        const end = page * size;
        return {
          SecurityControlDefinitions: all.slice(end - size, end),
          NextToken: end < all.length ? `page-${page + 1}` : undefined,
        };
      });
  }

  it('reads every page, following NextToken, 100 definitions a page', async () => {
    const all = sdkDefinitions(250);
    servePages(all);
    const live = await fetchControlDefinitions(client);
    expect(sent).toEqual([
      { MaxResults: 100, NextToken: undefined },
      { MaxResults: 100, NextToken: 'page-2' },
      { MaxResults: 100, NextToken: 'page-3' },
    ]);
    expect(sent[0]).not.toHaveProperty('StandardsArn');
    expect(live.definitions.map(d => d.id)).toEqual(
      all.map(d => d.SecurityControlId),
    );
    expect(live.complete).toBe(true);
  });

  it("sends StandardsArn on every page; a standard's list is not complete", async () => {
    servePages(sdkDefinitions(120));
    const live = await fetchControlDefinitions(client, {
      standardsArn: FSBP_ARN,
    });
    expect(sent).toEqual([
      { StandardsArn: FSBP_ARN, MaxResults: 100, NextToken: undefined },
      { StandardsArn: FSBP_ARN, MaxResults: 100, NextToken: 'page-2' },
    ]);
    expect(live).toMatchObject({ complete: false, standardsArn: FSBP_ARN });
    expect(live.definitions).toHaveLength(120);
  });

  it('maps a definition: lowercased severity, parameters sorted by name', async () => {
    const maxAge = {
      Description: 'Days before expiry',
      ConfigurationOptions: {
        Integer: { DefaultValue: 30, Min: 14, Max: 365 },
      },
    };
    const mode = {
      Description: 'Mode',
      ConfigurationOptions: {
        Enum: { DefaultValue: 'A', AllowedValues: ['A'] },
      },
    };
    servePages([
      sdkDefinition('ACM.1', {
        Title: ' Imported certificates should be renewed ',
        SeverityRating: 'CRITICAL',
        CurrentRegionAvailability: 'UNAVAILABLE',
        Provider: 'AWS',
        ParameterDefinitions: { daysToExpiration: maxAge, checkMode: mode },
      }),
      sdkDefinition('S3.5', { ParameterDefinitions: {} }),
    ]);
    const { definitions } = await fetchControlDefinitions(client);
    expect(definitions[0]).toEqual({
      id: 'ACM.1',
      title: 'Imported certificates should be renewed',
      description: 'This control checks ACM.1.',
      severity: 'critical',
      currentRegionAvailability: 'UNAVAILABLE',
      remediationUrl:
        'https://docs.aws.amazon.com/console/securityhub/ACM.1/remediation',
      provider: 'AWS',
      parameters: [
        {
          name: 'checkMode',
          description: 'Mode',
          options: mode.ConfigurationOptions,
        },
        {
          name: 'daysToExpiration',
          description: 'Days before expiry',
          options: maxAge.ConfigurationOptions,
        },
      ],
    });
    expect(definitions[1]).not.toHaveProperty('parameters');
    expect(definitions[1]).not.toHaveProperty('provider');
    expect(definitions[1].severity).toBe('medium');
  });

  it('counts a control repeated on the next page once', async () => {
    mock
      .on(ListSecurityControlDefinitionsCommand)
      .resolvesOnce({
        SecurityControlDefinitions: sdkDefinitions(2),
        NextToken: 'page-2',
      })
      .resolvesOnce({ SecurityControlDefinitions: sdkDefinitions(3) });
    const { definitions } = await fetchControlDefinitions(client);
    expect(definitions.map(d => d.id)).toEqual(['Svc.1', 'Svc.2', 'Svc.3']);
  });

  it('throws naming the page when a page still fails after the last retry', async () => {
    mock
      .on(ListSecurityControlDefinitionsCommand)
      .resolvesOnce({
        SecurityControlDefinitions: sdkDefinitions(100),
        NextToken: 'page-2',
      })
      .resolvesOnce({
        SecurityControlDefinitions: sdkDefinitions(100),
        NextToken: 'page-3',
      })
      .rejectsOnce(throttlingError());
    const failure = await fetchControlDefinitions(client, {
      standardsArn: FSBP_ARN,
    }).catch(error => error);
    expect(failure).toBeInstanceOf(ControlCatalogRefreshError);
    expect(failure.message).toBe(
      `Security Hub ListSecurityControlDefinitions failed on page 3 of ${FSBP_ARN} after 8 attempt(s) (HTTP 429); caused by TooManyRequestsException: Rate exceeded`,
    );
    expect(failure.details).toEqual({
      operation: 'ListSecurityControlDefinitions',
      page: 3,
      standardsArn: FSBP_ARN,
      attempts: 8,
      httpStatusCode: 429,
    });
  });

  it('refuses a definition without an id rather than return a list that lacks it', async () => {
    mock.on(ListSecurityControlDefinitionsCommand).resolves({
      SecurityControlDefinitions: [
        sdkDefinition('S3.1', { SecurityControlId: undefined }),
      ],
    });
    await expect(fetchControlDefinitions(client)).rejects.toThrow(
      'page 1 has a definition without SecurityControlId',
    );
  });
});

describe('fetchControlDefinitions with the real SDK retry middleware', () => {
  it('retries a throttled page with the same NextToken and loses no page', async () => {
    const replies = [
      {
        status: 200,
        body: {
          SecurityControlDefinitions: sdkDefinitions(100),
          NextToken: 'page-2',
        },
      },
      { status: 429, body: { message: 'Rate exceeded' } },
      {
        status: 200,
        body: { SecurityControlDefinitions: sdkDefinitions(120).slice(100) },
      },
    ];
    const queries: Array<Record<string, unknown>> = [];
    const requestHandler = {
      handle: async (request: { query?: Record<string, unknown> }) => {
        queries.push({ ...request.query });
        const reply = replies.shift();
        if (!reply) throw new Error('unexpected extra request');
        return {
          response: {
            statusCode: reply.status,
            headers: {
              'content-type': 'application/json',
              ...(reply.status === 429
                ? { 'x-amzn-errortype': 'TooManyRequestsException' }
                : {}),
            },
            body: new TextEncoder().encode(JSON.stringify(reply.body)),
          },
        };
      },
    };
    const client = createSecurityHubClient({
      region: REGION,
      credentials,
      retryBaseDelayMs: 1,
      requestHandler: requestHandler as any,
    });
    const live = await fetchControlDefinitions(client);
    expect(live.definitions).toHaveLength(120);
    expect(queries).toEqual([
      { MaxResults: '100' },
      { MaxResults: '100', NextToken: 'page-2' },
      { MaxResults: '100', NextToken: 'page-2' },
    ]);
  });
});
