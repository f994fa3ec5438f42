import type { Knex } from 'knex';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import {
  FINDING_SORT_FIELDS,
  SEVERITY_LABELS,
  unsafeTextProblem,
  type FindingSortField,
} from '@internal/plugin-securityhub-remediation-common';
import { FINDINGS_TABLE, toIso, type FindingRow } from './rows';

/*
 * Cursors are validated, not signed: every field is checked against the type
 * and range of its column before it reaches SQL. Checking is what keeps a
 * forged cursor from failing the query, and a signature would not replace it
 * (a cursor of an older release verifies yet may no longer fit). Signing would
 * also need a secret shared by every backend instance behind the load
 * balancer (a per-process one breaks paging across instances) and would
 * protect nothing: a cursor only says where a page starts, and the filter and
 * permission scope apply to every page whatever its start.
 */

/** Sort field → stored column. Each is paired with `pk` for a total order. */
export const SORT_COLUMNS: Record<FindingSortField, keyof FindingRow> = {
  severity: 'severity_rank',
  updatedAt: 'updated_at',
  firstSeenAt: 'first_seen_at',
  controlId: 'control_id',
  awsAccountId: 'aws_account_id',
  title: 'title',
};

const TIMESTAMP_COLUMNS = new Set<keyof FindingRow>([
  'updated_at',
  'first_seen_at',
]);

/** Largest `pk`: the PostgreSQL `integer` that `increments` makes. */
const MAX_ROW_KEY = 2_147_483_647;
/** Longest text sort value; ASFF titles are at most 256 characters. */
const MAX_TEXT_VALUE_CHARS = 1024;
/** As `toIso` writes it; years 1–9999, which both databases accept. */
const ISO_TIMESTAMP = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const cursorPayloadSchema = z
  .object({
    /** sort field and order the cursor was made for */
    s: z.enum(FINDING_SORT_FIELDS),
    o: z.enum(['asc', 'desc']),
    /** sort value and table key of the last row of the previous page */
    v: z.union([z.string(), z.number()]),
    k: z.unknown(),
  })
  .strict();

export type CursorPayload = Omit<z.infer<typeof cursorPayloadSchema>, 'k'> & {
  k: number;
};

export function encodeCursor(
  sort: FindingSortField,
  order: 'asc' | 'desc',
  row: FindingRow,
): string {
  const columnName = SORT_COLUMNS[sort];
  const raw = row[columnName] as string | number | Date;
  const v = TIMESTAMP_COLUMNS.has(columnName)
    ? toIso(raw as string | Date)
    : (raw as string | number);
  const payload: CursorPayload = { s: sort, o: order, v, k: Number(row.pk) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function invalidCursor(
  reason: string,
  firstPage = 'start from the first page',
) {
  return new InputError(`invalid cursor: ${reason}; ${firstPage}`);
}

/** Why `v` cannot be a value of the sort column, or undefined when it can. */
function sortValueProblem(
  sort: FindingSortField,
  v: string | number,
): string | undefined {
  const column = SORT_COLUMNS[sort];
  if (column === 'severity_rank') {
    const max = SEVERITY_LABELS.length - 1;
    return Number.isInteger(v) && +v >= 0 && +v <= max
      ? undefined
      : `the severity rank must be an integer from 0 to ${max}`;
  }
  if (TIMESTAMP_COLUMNS.has(column)) {
    const match = typeof v === 'string' ? ISO_TIMESTAMP.exec(v) : null;
    // Round-tripping rejects dates that do not exist, such as February 31.
    const valid =
      match !== null &&
      Number(match[1]) >= 1 &&
      !Number.isNaN(Date.parse(v as string)) &&
      new Date(v as string).toISOString() === v;
    return valid
      ? undefined
      : `the ${sort} value must be a timestamp such as 2026-11-01T00:00:00.000Z`;
  }
  if (typeof v !== 'string') return `the ${sort} value must be text`;
  if (v.length > MAX_TEXT_VALUE_CHARS) {
    return `the ${sort} value is longer than ${MAX_TEXT_VALUE_CHARS} characters`;
  }
  const problem = unsafeTextProblem(v, 'all-but-nul');
  return problem && `the ${sort} value ${problem}`;
}

/**
 * Decodes a cursor and checks every field against its column, so a forged or
 * stale cursor answers 400 rather than failing the query or silently skipping
 * or repeating findings.
 */
export function decodeCursor(
  cursor: string,
  sort: FindingSortField,
  order: 'asc' | 'desc',
): CursorPayload {
  const notOurs = invalidCursor('not a cursor returned by this API');
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw notOurs;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notOurs;
  }
  const parsed = cursorPayloadSchema.safeParse(json);
  if (!parsed.success) throw notOurs;
  const payload = parsed.data;
  if (payload.s !== sort || payload.o !== order) {
    throw invalidCursor(
      `it was made for sort=${payload.s}&order=${payload.o}`,
      `start from the first page to sort by ${sort} ${order}`,
    );
  }
  const valueProblem = sortValueProblem(sort, payload.v);
  if (valueProblem) throw invalidCursor(valueProblem);
  const k = payload.k;
  if (
    typeof k !== 'number' ||
    !Number.isInteger(k) ||
    k < 1 ||
    k > MAX_ROW_KEY
  ) {
    throw invalidCursor(
      `the row key must be a whole number from 1 to ${MAX_ROW_KEY}`,
    );
  }
  return { ...payload, k };
}

export function sortColumnSql(sort: FindingSortField): string {
  return `${FINDINGS_TABLE}.${SORT_COLUMNS[sort]}`;
}

/**
 * Keeps the rows after (`value`, `key`) in the order (sort column, pk): a
 * row-value comparison, one index range scan on (sort column, pk).
 */
export function whereAfterSortKey(
  query: Knex.QueryBuilder,
  sort: FindingSortField,
  order: 'asc' | 'desc',
  value: unknown,
  key: number,
): Knex.QueryBuilder {
  return query.whereRaw(`(??, ??) ${order === 'desc' ? '<' : '>'} (?, ?)`, [
    sortColumnSql(sort),
    `${FINDINGS_TABLE}.pk`,
    value as Knex.Value,
    key,
  ]);
}
