import { ResponseError } from '@backstage/errors';
import { SecurityHubTrendsClient } from './trendsApi';

const BASE_URL = 'http://localhost:7007/api/securityhub-remediation';

function setup(response: Response) {
  const fetch = jest.fn(async (_input: RequestInfo | URL) => response);
  const client = new SecurityHubTrendsClient({
    discoveryApi: { getBaseUrl: async () => BASE_URL },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('SecurityHubTrendsClient', () => {
  it('asks for the days and the account', async () => {
    const { client, fetch } = setup(json({ days: [], historyStartsAt: null }));
    expect(
      await client.getTrends({ days: 30, accountId: '111122223333' }),
    ).toEqual({ days: [], historyStartsAt: null });
    expect(fetch).toHaveBeenCalledWith(
      `${BASE_URL}/v1/findings/trends?days=30&accountId=111122223333`,
    );
  });

  it('rejects with the response error of a failed request', async () => {
    const { client } = setup(
      json(
        { error: { name: 'InputError', message: 'Invalid trends query' } },
        400,
      ),
    );
    const error = await client.getTrends({ days: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).statusCode).toBe(400);
  });
});
