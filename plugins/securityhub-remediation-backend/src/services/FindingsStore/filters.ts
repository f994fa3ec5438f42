import type { Knex } from 'knex';
import {
  type FindingsFilter,
  severityRank,
} from '@internal/plugin-securityhub-remediation-common';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { applyResourceFilter, hasResourceFilter } from './resourceKeys';
import { FINDINGS_TABLE } from './rows';
import { findingsTable } from './pageReadOrder';

/**
 * What a conditional permission decision may restrict: the accounts whose
 * findings a user can read. Produced by the `IS_IN_ACCOUNTS` rule.
 */
export type FindingScopeQuery = { awsAccountIds: string[] };

/** Criteria from a conditional decision; undefined means unrestricted. */
export type FindingScope = PermissionCriteria<FindingScopeQuery> | undefined;

const column = (name: string) => `${FINDINGS_TABLE}.${name}`;

const FILTER_COLUMNS: Array<[keyof FindingsFilter, string]> = [
  ['accountId', 'aws_account_id'],
  ['region', 'region'],
  ['controlId', 'control_id'],
  ['complianceStatus', 'compliance_status'],
  ['workflowStatus', 'workflow_status'],
  ['recordState', 'record_state'],
  ['resourceType', 'resource_type'],
];

/** Escapes LIKE wildcards so user text matches literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/** Keeps the rows whose search text (`searchText`, a column) holds every term. */
export function whereTextHolds(
  query: Knex.QueryBuilder,
  terms: string[],
  searchText = column('search_text'),
): Knex.QueryBuilder {
  for (const term of terms) {
    query.whereRaw(`${searchText} like ? escape '\\'`, [likePattern(term)]);
  }
  return query;
}

/** The free-text terms of a filter, lower-cased; none for no `q`. */
export function searchTerms(filter: FindingsFilter): string[] {
  return (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * Free text and resource tags or ids are not dimensions of the counts in
 * memory: such a filter is counted and summarized from the matching rows.
 */
export function countsCannotAnswer(filter: FindingsFilter): boolean {
  return searchTerms(filter).length > 0 || hasResourceFilter(filter);
}

/**
 * Applies a filter. With `textMatches` the free text is matched as those
 * findings' keys (see `fewTextMatches`) instead of row by row.
 */
export function applyFilter(
  query: Knex.QueryBuilder,
  filter: FindingsFilter,
  textMatches?: number[],
): Knex.QueryBuilder {
  for (const [key, name] of FILTER_COLUMNS) {
    const values = filter[key] as string[] | undefined;
    if (values && values.length > 0) query.whereIn(column(name), values);
  }
  // By rank: the (severity_rank, pk) index then serves the filter, its count
  // (index-only) and the default severity sort.
  if (filter.severity && filter.severity.length > 0) {
    query.whereIn(column('severity_rank'), filter.severity.map(severityRank));
  }
  applyResourceFilter(query, filter);
  if (textMatches) return query.whereIn(column('pk'), textMatches);
  return whereTextHolds(query, searchTerms(filter));
}

function applyCriteria(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<FindingScopeQuery>,
  accountColumn: string,
): void {
  if (isAndCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.allOf) {
        q.andWhere(sub => applyCriteria(sub, c, accountColumn));
      }
    });
  } else if (isOrCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.anyOf) {
        q.orWhere(sub => applyCriteria(sub, c, accountColumn));
      }
    });
  } else if (isNotCriteria(criteria)) {
    query.whereNot(q => applyCriteria(q, criteria.not, accountColumn));
  } else if (criteria.awsAccountIds.length === 0) {
    query.whereRaw('1 = 0');
  } else {
    query.whereIn(accountColumn, criteria.awsAccountIds);
  }
}

/**
 * Restricts a query to what a conditional permission decision allows, on
 * the findings table or on another table with an account column (the
 * remediations of findings are scoped by the same rule).
 */
export function applyScope(
  query: Knex.QueryBuilder,
  scope: FindingScope,
  accountColumn = column('aws_account_id'),
): Knex.QueryBuilder {
  if (scope) query.where(q => applyCriteria(q, scope, accountColumn));
  return query;
}

/**
 * The accounts a scope lists when it is a plain list (`IS_IN_ACCOUNTS`); it
 * then narrows as an account filter does. Undefined for any other scope.
 */
export function listedAccounts(scope: FindingScope): string[] | undefined {
  return scope && 'awsAccountIds' in scope ? scope.awsAccountIds : undefined;
}

/** Whether a conditional decision lets its holder read findings of `account`. */
export function scopeAllows(
  criteria: PermissionCriteria<FindingScopeQuery>,
  account: string,
): boolean {
  if (isAndCriteria(criteria)) {
    return criteria.allOf.every(c => scopeAllows(c, account));
  }
  if (isOrCriteria(criteria)) {
    return criteria.anyOf.some(c => scopeAllows(c, account));
  }
  if (isNotCriteria(criteria)) return !scopeAllows(criteria.not, account);
  return criteria.awsAccountIds.includes(account);
}

/**
 * The findings a filter and scope select (`textMatches`: see `applyFilter`),
 * read through `index` when given (see `sortIndexToWalk`).
 */
export function scopedFindings(
  db: Knex,
  filter: FindingsFilter,
  scope: FindingScope,
  textMatches?: number[],
  index?: string,
): Knex.QueryBuilder {
  return applyScope(
    applyFilter(findingsTable(db, index), filter, textMatches),
    scope,
  );
}
