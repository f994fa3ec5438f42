import type { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import type { FindingScope, FindingScopeQuery } from '../FindingsStore';
import { REMEDIATIONS_TABLE } from './remediationRows';

/**
 * The findings read scope applied to remediations: a remediation is visible
 * to whoever may read findings of its account (same criteria, same rule).
 */
function applyCriteria(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<FindingScopeQuery>,
): void {
  if (isAndCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.allOf) q.andWhere(sub => applyCriteria(sub, c));
    });
  } else if (isOrCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.anyOf) q.orWhere(sub => applyCriteria(sub, c));
    });
  } else if (isNotCriteria(criteria)) {
    query.whereNot(q => applyCriteria(q, criteria.not));
  } else if (criteria.awsAccountIds.length === 0) {
    query.whereRaw('1 = 0');
  } else {
    query.whereIn(
      `${REMEDIATIONS_TABLE}.aws_account_id`,
      criteria.awsAccountIds,
    );
  }
}

export function applyRemediationScope(
  query: Knex.QueryBuilder,
  scope: FindingScope,
): Knex.QueryBuilder {
  if (scope) query.where(q => applyCriteria(q, scope));
  return query;
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
