import { ResponseError } from '@backstage/errors';
import { SecurityHubFindingsClient } from './SecurityHubFindingsClient';

const BASE_URL = 'http://backstage.test/api/securityhub-remediation';

function setup(response: Response) {
  const fetch = jest.fn(async (_input: RequestInfo | URL) => response);
  const client = new SecurityHubFindingsClient({
    discoveryApi: { getBaseUrl: async () => BASE_URL },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('SecurityHubFindingsClient.exportFindings', () => {
  const saved: Array<{ href: string; download: string }> = [];
  let blobs: Blob[];

  beforeEach(() => {
    saved.length = 0;
    blobs = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:${BASE_URL}/${blobs.length}`;
    });
    URL.revokeObjectURL = jest.fn();
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        saved.push({ href: this.href, download: this.download });
      });
  });

  afterEach(() => jest.restoreAllMocks());

  it('requests the filtered view and saves it under the server file name', async () => {
    const body = 'id,title\r\na,b\r\n';
    const { client, fetch } = setup(
      new Response(body, {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition':
            'attachment; filename="securityhub-findings-20261204T160000Z.csv"',
        },
      }),
    );

    await expect(
      client.exportFindings({
        severity: ['HIGH', 'CRITICAL'],
        accountId: ['111122223333'],
        q: 'bucket',
        sort: 'updatedAt',
        order: 'asc',
        format: 'csv',
      }),
    ).resolves.toEqual({
      fileName: 'securityhub-findings-20261204T160000Z.csv',
    });

    const url = new URL(String(fetch.mock.calls[0][0]));
    expect(`${url.origin}${url.pathname}`).toBe(
      `${BASE_URL}/v1/findings/export`,
    );
    expect(url.searchParams.getAll('severity')).toEqual(['HIGH', 'CRITICAL']);
    expect(url.searchParams.get('accountId')).toBe('111122223333');
    expect(url.searchParams.get('q')).toBe('bucket');
    expect(url.searchParams.get('sort')).toBe('updatedAt');
    expect(url.searchParams.get('order')).toBe('asc');
    expect(url.searchParams.get('format')).toBe('csv');

    expect(saved).toEqual([
      {
        href: `blob:${BASE_URL}/1`,
        download: 'securityhub-findings-20261204T160000Z.csv',
      },
    ]);
    expect(await blobs[0].text()).toBe(body);
    // The link is not left in the page.
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });

  it('names the file after the format when the server gives no name', async () => {
    const { client } = setup(new Response('[]'));
    await expect(client.exportFindings({ format: 'json' })).resolves.toEqual({
      fileName: 'securityhub-findings.json',
    });
    expect(saved[0].download).toBe('securityhub-findings.json');
  });

  it("rejects with the server's error and saves nothing", async () => {
    const { client } = setup(
      new Response(
        JSON.stringify({
          error: { name: 'InputError', message: 'Invalid export query' },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await expect(
      client.exportFindings({ format: 'csv' }),
    ).rejects.toBeInstanceOf(ResponseError);
    expect(saved).toEqual([]);
  });
});
