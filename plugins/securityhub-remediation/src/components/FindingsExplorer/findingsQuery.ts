import {
  FINDING_SORT_FIELDS,
  FINDINGS_MAX_OFFSET,
  OPEN_FINDINGS_FILTER,
  findingsFilterShape,
  type FindingSortField,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import type { SortOrder } from '../../api';

/** What the explorer shows: filters, sort, page size, the page and the open finding. */
export interface FindingsQuery {
  filter: FindingsFilter;
  sort: FindingSortField;
  order: SortOrder;
  limit: number;
  /** Zero-based index of the page shown. */
  page: number;
  /**
   * The backend's cursor of the page shown; undefined on the first page and
   * on a page jumped to (read by its offset).
   */
  cursor?: string;
  /** Id of the finding open in the drawer. */
  finding?: string;
}

/** A URL parameter value the explorer could not use; it is left out of the query. */
export interface QueryProblem {
  /** The parameter as written in the URL (with its prefix). */
  param: string;
  value: string;
  message: string;
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
export const DEFAULT_FILTER: FindingsFilter = OPEN_FINDINGS_FILTER;

export const DEFAULT_QUERY: FindingsQuery = {
  filter: DEFAULT_FILTER,
  sort: 'severity',
  order: 'desc',
  limit: 50,
  page: 0,
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
  'page',
  'cursor',
  'finding',
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

/** Whether two queries ask for the same findings (paging and the open finding aside). */
export function isSameListing(a: FindingsQuery, b: FindingsQuery): boolean {
  return (
    isSameFilter(a.filter, b.filter) &&
    a.sort === b.sort &&
    a.order === b.order &&
    a.limit === b.limit
  );
}

/**
 * Reads the query from a URL, each parameter under `prefix` (an embedded
 * view keeps clear of its page's own parameters). A value that is not valid
 * (a typo in a shared link) is left out and reported as a problem; the other
 * values, and the default filter when no valid filter value remains, apply.
 */
export function parseFindingsQuery(
  params: URLSearchParams,
  prefix = '',
): { query: FindingsQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const get = (key: string) => params.get(prefix + key);
  const problem = (key: string, value: string, message: string) =>
    problems.push({ param: prefix + key, value, message });

  const parsed: Record<string, unknown> = {};
  for (const key of LIST_FILTER_KEYS) {
    const valid: string[] = [];
    for (const value of params.getAll(prefix + key)) {
      const result = findingsFilterShape[key].safeParse([value]);
      if (result.success) valid.push(...(result.data ?? []));
      else problem(key, value, issueMessage(result.error));
    }
    if (valid.length > 0) parsed[key] = valid;
  }
  const qParam = get('q');
  if (qParam !== null) {
    const q = findingsFilterShape.q.safeParse(qParam);
    if (q.success) parsed.q = q.data;
    else problem('q', qParam, issueMessage(q.error));
  }
  const filter = cleanFilter(parsed as FindingsFilter);
  const showsAll = get(ALL_FINDINGS_PARAM[0]) === ALL_FINDINGS_PARAM[1];

  const query: FindingsQuery = {
    ...DEFAULT_QUERY,
    filter:
      Object.keys(filter).length > 0 || showsAll ? filter : DEFAULT_FILTER,
  };
  const sortParam = get('sort');
  if (sortParam !== null) {
    const sort = FINDING_SORT_FIELDS.find(field => field === sortParam);
    if (sort) query.sort = sort;
    else
      problem(
        'sort',
        sortParam,
        `must be one of ${FINDING_SORT_FIELDS.join(', ')}`,
      );
  }
  const orderParam = get('order');
  if (orderParam !== null) {
    if (orderParam === 'asc' || orderParam === 'desc') query.order = orderParam;
    else problem('order', orderParam, 'must be asc or desc');
  }
  const limitParam = get('limit');
  if (limitParam !== null) {
    const limit = Number(limitParam);
    if ((PAGE_SIZE_OPTIONS as readonly number[]).includes(limit)) {
      query.limit = limit;
    } else {
      problem(
        'limit',
        limitParam,
        `must be one of ${PAGE_SIZE_OPTIONS.join(', ')}`,
      );
    }
  }
  // A page is its cursor; without one, its number is a jump (an offset).
  const cursor = get('cursor');
  const pageParam = get('page');
  if (cursor || pageParam) {
    const page = Number(pageParam ?? '2');
    const deepest = Math.floor(FINDINGS_MAX_OFFSET / query.limit) + 1;
    if (!Number.isInteger(page) || page < 2) {
      problem('page', pageParam ?? '', 'must be a page number of 2 or more');
    } else if (!cursor && page > deepest) {
      problem(
        'page',
        pageParam ?? '',
        `must be at most ${deepest} at ${query.limit} rows per page (deeper pages are reached with Next)`,
      );
    } else {
      query.cursor = cursor ?? undefined;
      query.page = page - 1;
    }
  }
  const finding = get('finding');
  if (finding) query.finding = finding;
  return { query, problems };
}

/** The message of a zod error for one value, without the path. */
function issueMessage(error: { issues: Array<{ message: string }> }): string {
  return error.issues.map(issue => issue.message).join('; ');
}

/** Reads the query from a URL, leaving out invalid values (see `parseFindingsQuery`). */
export function queryFromSearchParams(
  params: URLSearchParams,
  prefix = '',
): FindingsQuery {
  return parseFindingsQuery(params, prefix).query;
}

/** The URL without one value of one parameter (an invalid value being dropped). */
export function withoutParamValue(
  params: URLSearchParams,
  param: string,
  value: string,
): URLSearchParams {
  const next = new URLSearchParams();
  params.forEach((v, key) => {
    if (key !== param || v !== value) next.append(key, v);
  });
  return next;
}

/**
 * Writes the query into `base` (keeping parameters that are not ours, and
 * parameters of ours that are invalid, so their problem stays shown until
 * dropped), leaving out everything that equals the defaults so shared links
 * stay short.
 */
export function querySearchParams(
  query: FindingsQuery,
  base: URLSearchParams = new URLSearchParams(),
  prefix = '',
): URLSearchParams {
  const params = new URLSearchParams();
  const invalid = new Set(
    parseFindingsQuery(base, prefix).problems.map(p => `${p.param}=${p.value}`),
  );
  base.forEach((value, key) => {
    const ours =
      key.startsWith(prefix) && QUERY_PARAM_KEYS.has(key.slice(prefix.length));
    if (!ours || invalid.has(`${key}=${value}`)) params.append(key, value);
  });
  const set = (key: string, value: string) =>
    params.append(prefix + key, value);

  const filter = cleanFilter(query.filter);
  if (Object.keys(filter).length === 0) {
    set(ALL_FINDINGS_PARAM[0], ALL_FINDINGS_PARAM[1]);
  } else if (!isSameFilter(filter, DEFAULT_FILTER)) {
    for (const key of LIST_FILTER_KEYS) {
      filter[key]?.forEach(value => set(key, value));
    }
    if (filter.q) set('q', filter.q);
  }
  if (query.sort !== DEFAULT_QUERY.sort) set('sort', query.sort);
  if (query.order !== DEFAULT_QUERY.order) set('order', query.order);
  if (query.limit !== DEFAULT_QUERY.limit) set('limit', String(query.limit));
  if (query.page > 0) set('page', String(query.page + 1));
  if (query.cursor && query.page > 0) set('cursor', query.cursor);
  if (query.finding) set('finding', query.finding);
  return params;
}
