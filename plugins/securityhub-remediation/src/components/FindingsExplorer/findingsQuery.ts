import {
  FINDING_SORT_FIELDS,
  findingsFilterShape,
  type FindingSortField,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import type { SortOrder } from '../../api';

/** What the explorer shows: filters, sort and page size (the cursor is paging state). */
export interface FindingsQuery {
  filter: FindingsFilter;
  sort: FindingSortField;
  order: SortOrder;
  limit: number;
}

/** Multi-valued filter fields, in the order they are written to URLs. */
export const LIST_FILTER_KEYS = [
  'accountId',
  'region',
  'severity',
  'controlId',
  'complianceStatus',
  'workflowStatus',
  'recordState',
  'resourceType',
] as const;
export type ListFilterKey = (typeof LIST_FILTER_KEYS)[number];

export const PAGE_SIZE_OPTIONS = [25, 50, 100] as const;

/** Open, failed findings: what still needs fixing. */
export const DEFAULT_FILTER: FindingsFilter = {
  complianceStatus: ['FAILED'],
  workflowStatus: ['NEW', 'NOTIFIED'],
  recordState: ['ACTIVE'],
};

export const DEFAULT_QUERY: FindingsQuery = {
  filter: DEFAULT_FILTER,
  sort: 'severity',
  order: 'desc',
  limit: 50,
};

/**
 * Marks a URL whose filter is intentionally empty ("All findings"), since a
 * URL without filter parameters means the default filter.
 */
const ALL_FINDINGS_PARAM = ['view', 'all'] as const;
const QUERY_PARAM_KEYS = new Set<string>([
  ...LIST_FILTER_KEYS,
  'q',
  'sort',
  'order',
  'limit',
  ALL_FINDINGS_PARAM[0],
]);

/** Natural direction when a column is first sorted: worst/newest first, text A–Z. */
export function defaultOrderFor(field: FindingSortField): SortOrder {
  return field === 'title' || field === 'controlId' || field === 'awsAccountId'
    ? 'asc'
    : 'desc';
}

/** Drops empty lists and blank text so requests and URLs stay minimal. */
export function cleanFilter(filter: FindingsFilter): FindingsFilter {
  const clean: Record<string, string | string[]> = {};
  for (const key of LIST_FILTER_KEYS) {
    const values = filter[key];
    if (values && values.length > 0) clean[key] = [...values];
  }
  const q = filter.q?.trim();
  if (q) clean.q = q;
  return clean as FindingsFilter;
}

/** Replaces one multi-valued filter field (an empty list removes it). */
export function withListFilter(
  filter: FindingsFilter,
  key: ListFilterKey,
  values: readonly string[],
): FindingsFilter {
  return cleanFilter({ ...filter, [key]: [...values] } as FindingsFilter);
}

/** Stable string form of a filter, for effect dependencies and equality. */
export function filterKey(filter: FindingsFilter): string {
  return JSON.stringify(cleanFilter(filter));
}

export function isSameFilter(a: FindingsFilter, b: FindingsFilter): boolean {
  return filterKey(a) === filterKey(b);
}

/**
 * Reads the query from a URL. Invalid values (a typo in a shared link) drop
 * that one filter rather than failing every request with a 400.
 */
export function queryFromSearchParams(params: URLSearchParams): FindingsQuery {
  const hasFilterParams =
    LIST_FILTER_KEYS.some(key => params.has(key)) ||
    params.has('q') ||
    params.get(ALL_FINDINGS_PARAM[0]) === ALL_FINDINGS_PARAM[1];

  let filter: FindingsFilter = DEFAULT_FILTER;
  if (hasFilterParams) {
    const parsed: Record<string, unknown> = {};
    for (const key of LIST_FILTER_KEYS) {
      const result = findingsFilterShape[key].safeParse(
        params.has(key) ? params.getAll(key) : undefined,
      );
      if (result.success && result.data) parsed[key] = result.data;
    }
    const q = findingsFilterShape.q.safeParse(params.get('q') ?? undefined);
    if (q.success && q.data) parsed.q = q.data;
    filter = cleanFilter(parsed as FindingsFilter);
  }

  const sortParam = params.get('sort');
  const sort = FINDING_SORT_FIELDS.find(field => field === sortParam);
  const orderParam = params.get('order');
  const limit = Number(params.get('limit'));
  return {
    filter,
    sort: sort ?? DEFAULT_QUERY.sort,
    order:
      orderParam === 'asc' || orderParam === 'desc'
        ? orderParam
        : DEFAULT_QUERY.order,
    limit: (PAGE_SIZE_OPTIONS as readonly number[]).includes(limit)
      ? limit
      : DEFAULT_QUERY.limit,
  };
}

/**
 * Writes the query into `base` (keeping parameters that are not ours), leaving
 * out everything that equals the defaults so shared links stay short.
 */
export function querySearchParams(
  query: FindingsQuery,
  base: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const params = new URLSearchParams();
  base.forEach((value, key) => {
    if (!QUERY_PARAM_KEYS.has(key)) params.append(key, value);
  });

  const filter = cleanFilter(query.filter);
  if (Object.keys(filter).length === 0) {
    params.set(ALL_FINDINGS_PARAM[0], ALL_FINDINGS_PARAM[1]);
  } else if (!isSameFilter(filter, DEFAULT_FILTER)) {
    for (const key of LIST_FILTER_KEYS) {
      filter[key]?.forEach(value => params.append(key, value));
    }
    if (filter.q) params.set('q', filter.q);
  }
  if (query.sort !== DEFAULT_QUERY.sort) params.set('sort', query.sort);
  if (query.order !== DEFAULT_QUERY.order) params.set('order', query.order);
  if (query.limit !== DEFAULT_QUERY.limit) {
    params.set('limit', String(query.limit));
  }
  return params;
}
