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

  it("asks for a service's resources as repeated parameters", async () => {
    const { client, fetch } = setup(json({ days: [], historyStartsAt: null }));
    await client.getTrends({
      resourceTag: ['app=ledger', 'team=payments'],
      resourceIdPrefix: ['arn:aws:s3:::ledger-'],
    });
    expect(fetch).toHaveBeenCalledWith(
      `${BASE_URL}/v1/findings/trends?resourceTag=app%3Dledger&resourceTag=team%3Dpayments&resourceIdPrefix=arn%3Aaws%3As3%3A%3A%3Aledger-`,
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
