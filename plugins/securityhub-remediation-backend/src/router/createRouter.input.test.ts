import express from 'express';
import request from 'supertest';
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { dataset } from '../__testUtils__/findingsDataset';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import { routerApp } from './__testUtils__/routerApp';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

/** A cursor as a client could forge one: any JSON, base64url-encoded. */
const forge = (payload: unknown) =>
  Buffer.from(JSON.stringify(payload)).toString('base64url');

const INVALID_CURSOR = /invalid cursor: .+start from the first page/;

describe.each(ids)('findings API input checks on %s', databaseId => {
  let knex: Knex;
  let app: express.Express;
  const findings = dataset();

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    await clearFindingsDatabase(knex);
    const store = new KnexFindingsStore(knex);
    await store.upsertBatch(findings, 'demo');
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    app = await routerApp({ store, permissions });
  });

  /** Status and error message of a GET. */
  async function answer(url: string) {
    const res = await request(app).get(url);
    return { status: res.status, message: res.body.error?.message };
  }
  const badRequest = (message: RegExp) => ({
    status: 400,
    message: expect.stringMatching(message),
  });

  describe('text that would reach SQL', () => {
    it.each([
      ['/v1/findings?q=%00', /q: must not contain control characters/],
      ['/v1/findings?q=ledger%00x', /q: .*U\+0000 at character 7/],
      ['/v1/findings?q=%1B%5B2J', /q: must not contain control characters/],
      ['/v1/findings/summary?q=%00', /q: must not contain control characters/],
    ])('answers 400 naming q for %s', async (url, message) => {
      expect(await answer(url)).toEqual(badRequest(message));
    });

    it.each([
      ['a NUL byte', '%00'],
      ['a NUL byte inside an ARN', 'arn%3Aaws%3Asecurityhub%00x'],
      ['an escape character', 'abc%1Bdef'],
      ['a newline', 'abc%0Adef'],
      ['DEL', 'abc%7F'],
      ['a C1 control', 'abc%C2%85'],
    ])(
      'answers 400 naming the id for %s in /v1/findings/:id',
      async (_, id) => {
        expect(await answer(`/v1/findings/${id}`)).toEqual(
          badRequest(
            /Invalid finding path: id: must not contain control characters/,
          ),
        );
      },
    );

    it('still bounds the id length and answers 404 for an unknown id', async () => {
      expect(await answer(`/v1/findings/${'a'.repeat(513)}`)).toEqual(
        badRequest(/id: at most 512 characters/),
      );
      const missing = await request(app).get('/v1/findings/nope');
      expect(missing.status).toBe(404);
      const known = await request(app).get(
        `/v1/findings/${encodeURIComponent(findings[0].Id)}`,
      );
      expect(known.status).toBe(200);
    });

    it.each([
      [
        '/v1/findings?controlId=S3.5%00',
        /controlId\.0: must not contain control characters/,
      ],
      [
        '/v1/findings?accountId=111111111111,2222%002222222',
        /accountId\.1: must not contain control characters/,
      ],
      [
        '/v1/findings/summary?resourceType=AwsS3Bucket%00',
        /resourceType\.0: must not contain control characters/,
      ],
      [
        '/v1/findings/summary?region=us-east-1%00',
        /region\.0: must not contain control characters/,
      ],
      [
        '/v1/findings?severity=HIGH%00',
        /severity\.0: must not contain control characters/,
      ],
      ['/v1/findings?sort=title%00', /sort: must not contain control/],
      ['/v1/findings?cursor=%00', /cursor: must not contain control/],
      ['/v1/findings?offset=10001', /offset: at most 10000/],
      ['/v1/findings?offset=50&cursor=abc', /offset: give cursor or offset/],
    ])('answers 400 naming the filter for %s', async (url, message) => {
      expect(await answer(url)).toEqual(badRequest(message));
    });

    it('keeps Unicode and whitespace in q working', async () => {
      const unicode = await request(app)
        .get('/v1/findings')
        .query({ q: 'ledger-7 sécurité 日本 🔒' });
      expect(unicode.status).toBe(200);
      expect(unicode.body.totalCount).toBe(0);

      const spaced = await request(app)
        .get('/v1/findings')
        .query({ q: '\tledger-17\n' });
      expect(spaced.status).toBe(200);
      expect(spaced.body.items.map((f: any) => f.resourceId)).toEqual([
        'arn:aws:s3:::ledger-17',
      ]);
    });
  });

  describe('cursors', () => {
    const SEVERITY = '/v1/findings?sort=severity&order=desc&cursor=';
    const UPDATED = '/v1/findings?sort=updatedAt&order=asc&cursor=';
    const TITLE = '/v1/findings?sort=title&order=asc&cursor=';
    const severity = (v: unknown, k: unknown = 5) =>
      SEVERITY + forge({ s: 'severity', o: 'desc', v, k });
    const updated = (v: unknown) =>
      UPDATED + forge({ s: 'updatedAt', o: 'asc', v, k: 5 });

    it.each([
      ['a string severity rank', severity('HIGH'), /integer/],
      ['a huge numeric string', severity('9'.repeat(40)), /integer/],
      ['a severity rank out of range', severity(99999), /from 0 to 4/],
      ['a fractional severity rank', severity(2.5), /integer/],
      ['a key of 0', severity(3, 0), /row key/],
      ['a key past the column', severity(3, 2 ** 31), /row key/],
      ['a key past safe integers', severity(3, 2 ** 60), /row key/],
      ['a string key', severity(3, '5'), /row key/],
      ['a timestamp that is not a date', updated('yesterday'), /timestamp/],
      ['an impossible date', updated('2026-02-31T00:00:00.000Z'), /timestamp/],
      ['year 0', updated('0000-01-01T00:00:00.000Z'), /timestamp/],
      ['a number for a timestamp', updated(1_700_000_000_000), /timestamp/],
      [
        'a NUL in a title',
        TITLE + forge({ s: 'title', o: 'asc', v: 'a\u0000b', k: 5 }),
        /U\+0000/,
      ],
      [
        'a value too long',
        TITLE + forge({ s: 'title', o: 'asc', v: 'x'.repeat(1400), k: 5 }),
        /longer than/,
      ],
      [
        'an unknown field',
        SEVERITY + forge({ s: 'severity', o: 'desc', v: 3, k: 5, x: 1 }),
        /not a cursor/,
      ],
      ['characters outside base64url', `${SEVERITY}!!!!`, /not a cursor/],
      [
        'base64 of text that is not JSON',
        `${SEVERITY}bm90IGpzb24`,
        /not a cursor/,
      ],
      ['base64 of null', SEVERITY + forge(null), /not a cursor/],
      ['base64 of an array', SEVERITY + forge([1, 2]), /not a cursor/],
      [
        'an unknown sort',
        SEVERITY + forge({ s: 'price', o: 'desc', v: 3, k: 5 }),
        /not a cursor/,
      ],
    ])('answers 400 for %s', async (_, url, reason) => {
      const { status, message } = await answer(url);
      expect(status).toBe(400);
      expect(message).toMatch(INVALID_CURSOR);
      expect(message).toMatch(reason);
    });

    it('answers 400 for a cursor longer than any this API makes', async () => {
      expect(await answer(TITLE + 'a'.repeat(3000))).toEqual(
        badRequest(
          /cursor: at most 2048 characters.*start from the first page/,
        ),
      );
    });

    it('answers 400 for a real cursor of another sort', async () => {
      const first = await request(app).get('/v1/findings?sort=title&limit=5');
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const url = `/v1/findings?sort=severity&cursor=${first.body.nextCursor}`;
      const { status, message } = await answer(url);
      expect(status).toBe(400);
      expect(message).toMatch(INVALID_CURSOR);
      expect(message).toMatch(/made for sort=title&order=desc/);
    });

    it.each([
      ['severity', 'desc'],
      ['updatedAt', 'asc'],
      ['title', 'asc'],
      ['firstSeenAt', 'desc'],
    ])('walks every page by %s %s', async (sort, order) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await request(app)
          .get('/v1/findings')
          .query({ sort, order, limit: 25, cursor });
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((f: any) => f.id));
        cursor = res.body.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(findings.length);
    });
  });
});
