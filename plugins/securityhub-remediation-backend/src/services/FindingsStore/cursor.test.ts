import { InputError } from '@backstage/errors';
import type { FindingSortField } from '@internal/plugin-securityhub-remediation-common';
import { decodeCursor, encodeCursor } from './cursor';
import type { FindingRow } from './rows';

const row: FindingRow = {
  pk: 2_147_483_647,
  id: 'arn:aws:securityhub:us-east-1:111111111111:finding/1',
  source_id: 'demo',
  aws_account_id: '111111111111',
  region: 'us-east-1',
  control_id: '',
  title: 'S3 general purpose buckets should block public access — 日本 🔒\t',
  severity: 'CRITICAL',
  severity_rank: 4,
  compliance_status: 'FAILED',
  workflow_status: 'NEW',
  record_state: 'ACTIVE',
  resource_type: 'AwsS3Bucket',
  resource_id: 'arn:aws:s3:::ledger',
  created_at: '2026-11-01T00:00:00.000Z',
  // PostgreSQL returns Date, SQLite the stored string.
  updated_at: new Date('2026-11-02T03:04:05.678Z'),
  first_observed_at: null,
  last_observed_at: null,
  first_seen_at: '0001-01-01T00:00:00.000Z',
  last_seen_at: '2026-11-02T00:00:00.000Z',
  resolved_at: null,
  search_text: '',
};

const forge = (payload: unknown) =>
  Buffer.from(JSON.stringify(payload)).toString('base64url');

function decodeError(cursor: string, sort: FindingSortField, order = 'asc') {
  try {
    decodeCursor(cursor, sort, order as 'asc' | 'desc');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the cursor was accepted');
}

describe('cursor', () => {
  it.each([
    ['severity', 4],
    ['updatedAt', '2026-11-02T03:04:05.678Z'],
    ['firstSeenAt', '0001-01-01T00:00:00.000Z'],
    ['controlId', ''],
    ['awsAccountId', '111111111111'],
    ['title', row.title],
  ] as const)('decodes what it encodes for %s', (sort, v) => {
    for (const order of ['asc', 'desc'] as const) {
      expect(decodeCursor(encodeCursor(sort, order, row), sort, order)).toEqual(
        { s: sort, o: order, v, k: 2_147_483_647 },
      );
    }
  });

  const cursor = (s: string, v: unknown, k: unknown = 7) =>
    forge({ s, o: 'asc', v, k });

  it.each([
    [
      'severity',
      cursor('severity', '4'),
      /severity rank must be an integer from 0 to 4/,
    ],
    ['severity', cursor('severity', -1), /from 0 to 4/],
    ['severity', cursor('severity', 5), /from 0 to 4/],
    ['severity', cursor('severity', 1e308), /from 0 to 4/],
    ['severity', cursor('severity', 3.5), /integer/],
    [
      'updatedAt',
      cursor('updatedAt', 'now'),
      /updatedAt value must be a timestamp/,
    ],
    ['updatedAt', cursor('updatedAt', '2026-11-02'), /timestamp/],
    ['updatedAt', cursor('updatedAt', '2026-11-02T03:04:05Z'), /timestamp/],
    ['updatedAt', cursor('updatedAt', '2026-13-01T00:00:00.000Z'), /timestamp/],
    [
      'firstSeenAt',
      cursor('firstSeenAt', '2025-02-29T00:00:00.000Z'),
      /timestamp/,
    ],
    [
      'firstSeenAt',
      cursor('firstSeenAt', '0000-12-31T00:00:00.000Z'),
      /timestamp/,
    ],
    ['firstSeenAt', cursor('firstSeenAt', 0), /timestamp/],
    ['title', cursor('title', 42), /title value must be text/],
    ['title', cursor('title', 'x'.repeat(1025)), /longer than 1024 characters/],
    [
      'controlId',
      cursor('controlId', 'S3.5\u0000'),
      /controlId value must not contain control characters \(found U\+0000/,
    ],
    ['awsAccountId', cursor('awsAccountId', '\ud800'), /lone surrogate/],
    [
      'title',
      cursor('title', 'a', 0),
      /row key must be a whole number from 1 to 2147483647/,
    ],
    ['title', cursor('title', 'a', 2 ** 31), /row key/],
    ['title', cursor('title', 'a', 1.5), /row key/],
    ['title', cursor('title', 'a', '7'), /row key/],
    ['title', cursor('title', 'a', null), /row key/],
    ['title', forge({ s: 'title', o: 'asc', v: 'a' }), /row key/],
  ] as const)(
    'refuses a %s cursor with a forged field (%#)',
    (sort, forged, reason) => {
      const message = decodeError(forged, sort);
      expect(message).toMatch(
        /^invalid cursor: .+; start from the first page$/,
      );
      expect(message).toMatch(reason);
    },
  );

  it.each([
    ['characters outside base64url', 'abc+/='],
    ['an empty cursor', ''],
    ['a cursor longer than any this API makes', 'a'.repeat(2049)],
    ['base64 that is not JSON', Buffer.from('{"s":').toString('base64url')],
    ['JSON that is not an object', forge('title')],
    ['an unknown sort', forge({ s: 'price', o: 'asc', v: 'a', k: 1 })],
    ['an unknown order', forge({ s: 'title', o: 'up', v: 'a', k: 1 })],
    ['an object value', forge({ s: 'title', o: 'asc', v: {}, k: 1 })],
    ['an extra field', forge({ s: 'title', o: 'asc', v: 'a', k: 1, x: 1 })],
  ])('refuses %s as not a cursor of this API', (_, forged) => {
    expect(decodeError(forged, 'title')).toBe(
      'invalid cursor: not a cursor returned by this API; start from the first page',
    );
  });

  it('refuses a cursor of another sort or order, saying which', () => {
    const titleAsc = encodeCursor('title', 'asc', row);
    expect(decodeError(titleAsc, 'severity')).toBe(
      'invalid cursor: it was made for sort=title&order=asc; start from the first page to sort by severity asc',
    );
    expect(decodeError(titleAsc, 'title', 'desc')).toMatch(
      /made for sort=title&order=asc; start from the first page to sort by title desc/,
    );
  });
});
