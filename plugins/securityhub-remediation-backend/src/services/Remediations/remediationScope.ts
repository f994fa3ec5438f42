import type { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import type { FindingScope } from '../FindingsStore';
import { applyScope } from '../FindingsStore/filters';
import { REMEDIATIONS_TABLE } from './remediationRows';

/**
 * The findings read scope applied to remediations: a remediation is visible
 * to whoever may read findings of its account (same criteria, same rule).
 */
export function applyRemediationScope(
  query: Knex.QueryBuilder,
  scope: FindingScope,
): Knex.QueryBuilder {
  return applyScope(query, scope, `${REMEDIATIONS_TABLE}.aws_account_id`);
}

/** Keyset position: created_at and id of the last record of a page. */
interface CursorPayload {
  c: string;
  i: string;
}

export function encodeRemediationCursor(createdAt: string, id: string): string {
  const payload: CursorPayload = { c: createdAt, i: id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeRemediationCursor(cursor: string): CursorPayload {
  try {
    const payload = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as CursorPayload;
    if (
      typeof payload?.c === 'string' &&
      !Number.isNaN(Date.parse(payload.c)) &&
      typeof payload.i === 'string'
    ) {
      return payload;
    }
  } catch {
    // falls through to the error below
  }
  throw new InputError(
    'cursor: not a cursor returned by this API; start again from the first page',
  );
}
