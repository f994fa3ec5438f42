import { InputError } from '@backstage/errors';
import type { FindingSortField } from '@internal/plugin-securityhub-remediation-common';
import { FINDINGS_TABLE, toIso, type FindingRow } from './rows';

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

interface CursorPayload {
  /** sort field and order the cursor was made for */
  s: FindingSortField;
  o: 'asc' | 'desc';
  /** sort value and table key of the last row of the previous page */
  v: string | number;
  k: number;
}

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

/**
 * Decodes a cursor and checks that it belongs to the same sort, so a stale
 * cursor cannot silently skip or repeat findings.
 */
export function decodeCursor(
  cursor: string,
  sort: FindingSortField,
  order: 'asc' | 'desc',
): CursorPayload {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('cursor: not a cursor returned by this API');
  }
  if (
    !payload ||
    !Number.isSafeInteger(payload.k) ||
    (typeof payload.v !== 'string' && typeof payload.v !== 'number')
  ) {
    throw new InputError('cursor: not a cursor returned by this API');
  }
  if (payload.s !== sort || payload.o !== order) {
    throw new InputError(
      `cursor: it was made for sort=${payload.s}&order=${payload.o}; start again from the first page to sort by ${sort} ${order}`,
    );
  }
  return payload;
}

export function sortColumnSql(sort: FindingSortField): string {
  return `${FINDINGS_TABLE}.${SORT_COLUMNS[sort]}`;
}
