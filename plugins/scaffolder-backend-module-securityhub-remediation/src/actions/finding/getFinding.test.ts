import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { findingDetail } from '../../__testUtils__/findingsBackend';
import { createGetFindingAction } from './getFinding';
import { examples } from './getFinding.examples';

const BASE_URL = 'http://localhost:0/api/securityhub-remediation';
const FINDING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const ENCODED_FINDING_ID =
  'arn%3Aaws%3Asecurityhub%3Aus-east-1%3A111122223333%3Asecurity-control%2FS3.5%2Ffinding%2F7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The `findingId` inputs of an example's `securityhub:finding:get` steps. */
function findingIdsOf(example: string): string[] {
  return example
    .split(/^\s{2}- /m)
    .filter(step => /^\s*action: securityhub:finding:get\s*$/m.test(step))
    .map(step => {
      const match = step.match(/^\s+findingId: (.+)$/m);
      if (!match) throw new Error(`No findingId in step:\n${step}`);
      return match[1].trim().replace(/^(['"])(.*)\1$/, '$2');
    });
}

describe('securityhub:finding:get', () => {
  const user = mockCredentials.user('user:default/alice');
  const expectedAuthorization = `Bearer ${mockCredentials.service.token({
    onBehalfOf: user,
    targetPluginId: 'securityhub-remediation',
  })}`;
  const action = createGetFindingAction({
    discovery: mockServices.discovery(),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
  });
  let fetchMock: jest.SpyInstance<
    ReturnType<typeof fetch>,
    Parameters<typeof fetch>
  >;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  beforeEach(() => {
    fetchMock = jest.spyOn(global, 'fetch');
    logger = mockServices.logger.mock();
  });

  afterEach(() => {
    fetchMock.mockRestore();
  });

  function context(
    findingId: string,
    overrides: Partial<ActionContext<{ findingId: string }>> = {},
  ) {
    // createMockActionContext ignores credentials, signal and isDryRun, so
    // they are set on the context it returns.
    return {
      ...createMockActionContext({ input: { findingId }, logger }),
      getInitiatorCredentials: async () => user,
      ...overrides,
    };
  }

  function outputsOf(ctx: { output: unknown }): Record<string, unknown> {
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  }

  it('reads the finding as the initiating user and outputs what a remediation needs', async () => {
    fetchMock.mockResolvedValue(jsonResponse(findingDetail()));
    const ctx = context(FINDING_ID);

    await action.handler(ctx);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(`${BASE_URL}/v1/findings/${ENCODED_FINDING_ID}`);
    expect(init?.headers).toEqual({
      Accept: 'application/json',
      Authorization: expectedAuthorization,
    });
    expect(outputsOf(ctx)).toEqual({
      findingId: FINDING_ID,
      title: 'S3 general purpose buckets should require requests to use SSL',
      controlId: 'S3.5',
      severity: 'HIGH',
      complianceStatus: 'FAILED',
      workflowStatus: 'NEW',
      recordState: 'ACTIVE',
      awsAccountId: '111122223333',
      region: 'us-east-1',
      resourceType: 'AwsS3Bucket',
      resourceId: 'arn:aws:s3:::payments-invoices',
      remediationUrl:
        'https://docs.aws.amazon.com/console/securityhub/S3.5/remediation',
      resources: [
        {
          type: 'AwsS3Bucket',
          id: 'arn:aws:s3:::payments-invoices',
          region: 'us-east-1',
        },
      ],
    });
    expect(ctx.output).toHaveBeenCalledTimes(13);
    expect(logger.info).toHaveBeenCalledWith(
      `Read finding ${FINDING_ID}: S3.5, HIGH, FAILED, NEW, ACTIVE; account 111122223333, region us-east-1; 1 resource(s), first AwsS3Bucket arn:aws:s3:::payments-invoices`,
    );
  });

  it('outputs empty strings for what a non-control finding lacks, and resource regions', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(
        findingDetail({
          controlId: null,
          complianceStatus: null,
          remediationUrl: null,
          resourceType: null,
          resourceId: null,
          resources: [
            { type: 'AwsEc2Instance', id: 'i-0abc', region: 'eu-west-1' },
            // No region of its own: it is where the finding was evaluated.
            { type: 'AwsIamRole', id: 'arn:aws:iam::111122223333:role/app' },
          ],
        }),
      ),
    );
    const ctx = context(FINDING_ID);

    await action.handler(ctx);

    expect(outputsOf(ctx)).toMatchObject({
      controlId: '',
      complianceStatus: '',
      remediationUrl: '',
      resourceType: '',
      resourceId: '',
      resources: [
        { type: 'AwsEc2Instance', id: 'i-0abc', region: 'eu-west-1' },
        {
          type: 'AwsIamRole',
          id: 'arn:aws:iam::111122223333:role/app',
          region: 'us-east-1',
        },
      ],
    });
  });

  it('trims the finding id before reading it', async () => {
    fetchMock.mockResolvedValue(jsonResponse(findingDetail()));

    await action.handler(context(`  ${FINDING_ID}\n`));

    expect(fetchMock.mock.calls[0][0]).toBe(
      `${BASE_URL}/v1/findings/${ENCODED_FINDING_ID}`,
    );
  });

  it('runs in dry-run, since it only reads', async () => {
    expect(action.supportsDryRun).toBe(true);
    fetchMock.mockResolvedValue(jsonResponse(findingDetail()));
    const ctx = context(FINDING_ID, { isDryRun: true });

    await action.handler(ctx);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(outputsOf(ctx).controlId).toBe('S3.5');
  });

  it.each(examples.map((example, index) => [index, example] as const))(
    'runs example %i through the handler',
    async (_index, example) => {
      const findingIds = findingIdsOf(example.example);
      expect(findingIds.length).toBeGreaterThan(0);
      for (const findingId of findingIds) {
        fetchMock.mockResolvedValueOnce(
          jsonResponse(findingDetail({ id: findingId })),
        );
        const ctx = context(findingId);

        await action.handler(ctx);

        expect(fetchMock).toHaveBeenLastCalledWith(
          `${BASE_URL}/v1/findings/${encodeURIComponent(findingId)}`,
          expect.objectContaining({
            headers: expect.objectContaining({
              Authorization: expectedAuthorization,
            }),
          }),
        );
        expect(outputsOf(ctx).findingId).toBe(findingId);
      }
    },
  );

  it('explains a 404: missing, or in an account the user may not read', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(
        { error: { name: 'NotFoundError', message: 'No finding' } },
        404,
      ),
    );
    const ctx = context(FINDING_ID);

    await expect(action.handler(ctx)).rejects.toThrow(
      `Finding ${FINDING_ID} was not found or is not visible to you: check the id, or ask for read access to the findings of its AWS account`,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('explains a 403', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse({ error: { name: 'NotAllowedError', message: 'x' } }, 403),
    );

    await expect(action.handler(context(FINDING_ID))).rejects.toThrow(
      `You may not read Security Hub findings, so finding ${FINDING_ID} cannot be read`,
    );
  });

  it('reports the status and the error message of other failures', async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'database is locked' },
          response: { statusCode: 500 },
        }),
        { status: 500, statusText: 'Internal Server Error' },
      ),
    );

    await expect(action.handler(context(FINDING_ID))).rejects.toThrow(
      `Could not read finding ${FINDING_ID}: 500 Internal Server Error: database is locked`,
    );
  });

  it('quotes the start of a non-JSON error body', async () => {
    fetchMock.mockResolvedValue(
      new Response(`<html>${'x'.repeat(1000)}</html>`, {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );

    const error = await action.handler(context(FINDING_ID)).catch(e => e);
    expect(error.message).toMatch(/: 502 Bad Gateway: <html>x+$/);
    expect(error.message.length).toBeLessThan(FINDING_ID.length + 400);
  });

  it('reports a success that is not JSON', async () => {
    fetchMock.mockResolvedValue(new Response('<html>sign in</html>'));

    await expect(action.handler(context(FINDING_ID))).rejects.toThrow(
      `The findings API at ${BASE_URL} answered finding ${FINDING_ID} with invalid JSON`,
    );
  });

  it('names the API it could not reach', async () => {
    fetchMock.mockRejectedValue(new TypeError('fetch failed'));

    await expect(action.handler(context(FINDING_ID))).rejects.toThrow(
      `Could not reach the Security Hub findings API at ${BASE_URL}: fetch failed`,
    );
  });

  it('passes the task signal to fetch, and stops when it aborts', async () => {
    const controller = new AbortController();
    fetchMock.mockImplementation((_url, init) => {
      controller.abort();
      return Promise.reject(init?.signal?.reason);
    });
    const ctx = context(FINDING_ID, { signal: controller.signal });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(fetchMock.mock.calls[0][1]?.signal).toBe(controller.signal);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['longer than 512 characters', 'a'.repeat(513)],
  ])(
    'rejects a finding id that is %s without calling the API',
    async (_, id) => {
      await expect(action.handler(context(id))).rejects.toThrow(
        /^Invalid findingId: expected a non-blank id of at most 512 characters/,
      );
      expect(fetchMock).not.toHaveBeenCalled();
    },
  );

  it('declares the same limits in its input schema', () => {
    expect(action.schema?.input).toMatchObject({
      type: 'object',
      required: ['findingId'],
      properties: {
        findingId: {
          type: 'string',
          minLength: 1,
          maxLength: 512,
          pattern: '\\S',
        },
      },
    });
  });
});
