import { ResponseError } from '@backstage/errors';
import { SecurityHubFindingsClient } from './SecurityHubFindingsClient';

const BASE_URL = 'http://backstage.test/api/securityhub-remediation';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: Response = jsonResponse({})) {
  const fetch = jest.fn(async (_input: RequestInfo | URL) => response);
  const getBaseUrl = jest.fn(async (_pluginId: string) => BASE_URL);
  const client = new SecurityHubFindingsClient({
    discoveryApi: { getBaseUrl },
    fetchApi: { fetch },
  });
  const requestedUrl = () => new URL(String(fetch.mock.calls[0][0]));
  return { client, fetch, getBaseUrl, requestedUrl };
}

describe('SecurityHubFindingsClient', () => {
  it('lists findings with filters as repeated keys, sort, paging and cursor', async () => {
    const page = { items: [], totalCount: 0, nextCursor: null };
    const { client, getBaseUrl, requestedUrl } = setup(jsonResponse(page));

    await expect(
      client.listFindings({
        accountId: ['111122223333'],
        severity: ['CRITICAL', 'HIGH'],
        workflowStatus: ['NEW', 'NOTIFIED'],
        q: 'bucket',
        sort: 'updatedAt',
        order: 'asc',
        limit: 25,
        cursor: 'opaque/cursor==',
      }),
    ).resolves.toEqual(page);

    expect(getBaseUrl).toHaveBeenCalledWith('securityhub-remediation');
    const url = requestedUrl();
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE_URL}/v1/findings`);
    expect(url.searchParams.getAll('accountId')).toEqual(['111122223333']);
    expect(url.searchParams.getAll('severity')).toEqual(['CRITICAL', 'HIGH']);
    expect(url.searchParams.getAll('workflowStatus')).toEqual([
      'NEW',
      'NOTIFIED',
    ]);
    expect(url.searchParams.get('q')).toBe('bucket');
    expect(url.searchParams.get('sort')).toBe('updatedAt');
    expect(url.searchParams.get('order')).toBe('asc');
    expect(url.searchParams.get('limit')).toBe('25');
    expect(url.searchParams.get('cursor')).toBe('opaque/cursor==');
  });

  it('omits empty filters instead of sending empty parameters', async () => {
    const { client, fetch } = setup(jsonResponse({ total: 0 }));

    await client.getSummary({ severity: [], q: '' });

    expect(fetch).toHaveBeenCalledWith(`${BASE_URL}/v1/findings/summary`);
  });

  it('sends summary filters', async () => {
    const { client, requestedUrl } = setup(jsonResponse({ total: 3 }));

    await client.getSummary({ recordState: ['ACTIVE'], region: ['eu-west-1'] });

    const url = requestedUrl();
    expect(url.pathname).toBe(
      '/api/securityhub-remediation/v1/findings/summary',
    );
    expect(url.searchParams.getAll('recordState')).toEqual(['ACTIVE']);
    expect(url.searchParams.getAll('region')).toEqual(['eu-west-1']);
  });

  it('encodes the finding id (an ARN) as one path segment', async () => {
    const { client, fetch } = setup(jsonResponse({ id: 'x' }));
    const id =
      'arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/ab12';

    await client.getFinding(id);

    expect(fetch).toHaveBeenCalledWith(
      `${BASE_URL}/v1/findings/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A111122223333%3Asecurity-control%2FS3.5%2Ffinding%2Fab12`,
    );
  });

  it('reads the sync status', async () => {
    const status = { sources: [], totalStored: 0 };
    const { client, fetch } = setup(jsonResponse(status));

    await expect(client.getSyncStatus()).resolves.toEqual(status);
    expect(fetch).toHaveBeenCalledWith(`${BASE_URL}/v1/sync/status`);
  });

  it('throws a ResponseError carrying the backend message on 400', async () => {
    // The contract's error body: `{ error: { message } }`.
    const { client } = setup(
      jsonResponse({ error: { message: 'severity: Invalid enum value' } }, 400),
    );

    const error = await client
      .listFindings({ q: 'x' })
      .catch((e: unknown) => e);

    expect(ResponseError.is(error)).toBe(true);
    const responseError = error as ResponseError;
    expect(responseError.statusCode).toBe(400);
    expect(responseError.cause.message).toContain(
      'severity: Invalid enum value',
    );
  });

  it('keeps the remote error of a Backstage-style error body', async () => {
    const { client } = setup(
      jsonResponse(
        {
          error: { name: 'InputError', message: 'limit: must be at most 500' },
          response: { statusCode: 400 },
        },
        400,
      ),
    );

    const error = await client.getSummary({}).catch((e: unknown) => e);

    expect(ResponseError.is(error)).toBe(true);
    expect((error as ResponseError).cause).toMatchObject({
      name: 'InputError',
      message: 'limit: must be at most 500',
    });
  });

  it.each(['summary', 'Summary', '..'])(
    'refuses the id %s, which would read another route, without a request',
    async id => {
      const { client, fetch } = setup();
      await expect(client.getFinding(id)).rejects.toMatchObject({
        name: 'InputError',
      });
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  it('throws a ResponseError with status 404 for an invisible finding', async () => {
    const { client } = setup(
      new Response('Not Found', { status: 404, statusText: 'Not Found' }),
    );

    await expect(client.getFinding('missing')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
  });
});

describe('SecurityHubFindingsClient.triageFindings', () => {
  it('posts the triage as JSON and answers the outcome per finding', async () => {
    const outcome = {
      results: [{ findingId: 'arn:finding/1', status: 'updated' }],
      updated: 1,
      failed: 0,
    };
    const { client, fetch, requestedUrl } = setup(jsonResponse(outcome));
    await expect(
      client.triageFindings({
        findingIds: ['arn:finding/1'],
        workflowStatus: 'SUPPRESSED',
        note: 'Accepted risk',
      }),
    ).resolves.toEqual(outcome);
    const url = requestedUrl();
    expect(`${url.origin}${url.pathname}`).toBe(
      `${BASE_URL}/v1/findings/triage`,
    );
    const init = (fetch.mock.calls[0] as unknown[])[1] as RequestInit;
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({
      findingIds: ['arn:finding/1'],
      workflowStatus: 'SUPPRESSED',
      note: 'Accepted risk',
    });
  });
});
