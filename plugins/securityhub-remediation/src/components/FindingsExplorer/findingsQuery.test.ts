import {
  DEFAULT_FILTER,
  DEFAULT_QUERY,
  parseFindingsQuery,
  queryFromSearchParams,
  querySearchParams,
  withoutParamValue,
  type FindingsQuery,
} from './findingsQuery';
import { applyQueryUpdate } from './useFindingsQueryState';

const parse = (search: string) =>
  queryFromSearchParams(new URLSearchParams(search));

describe('findingsQuery URL codec', () => {
  it('uses the default query for a bare URL and writes nothing for it', () => {
    expect(parse('')).toEqual(DEFAULT_QUERY);
    expect(querySearchParams(DEFAULT_QUERY).toString()).toBe('');
  });

  it('round-trips filters, sort, order, page size, page and open finding', () => {
    const query: FindingsQuery = {
      filter: {
        accountId: ['111122223333'],
        severity: ['CRITICAL', 'HIGH'],
        q: 'bucket policy',
      },
      sort: 'updatedAt',
      order: 'asc',
      limit: 100,
      page: 2,
      cursor: 'opaque-cursor',
      finding: 'arn:aws:securityhub:eu-west-1:111122223333:finding/1',
    };
    const search = querySearchParams(query).toString();
    expect(search).toBe(
      'accountId=111122223333&severity=CRITICAL&severity=HIGH&q=bucket+policy&sort=updatedAt&order=asc&limit=100&page=3&cursor=opaque-cursor&finding=arn%3Aaws%3Asecurityhub%3Aeu-west-1%3A111122223333%3Afinding%2F1',
    );
    expect(parse(search)).toEqual(query);
  });

  it('marks an empty filter so it is not read back as the defaults', () => {
    const search = querySearchParams({ ...DEFAULT_QUERY, filter: {} });
    expect(search.toString()).toBe('view=all');
    expect(parse(search.toString()).filter).toEqual({});
  });

  it('reports each invalid value by parameter and keeps the valid ones', () => {
    const { query, problems } = parseFindingsQuery(
      new URLSearchParams(
        'severity=SEVERE&severity=HIGH&region=eu-west-1&accountId=123&sort=bogus&limit=7',
      ),
    );
    expect(query.filter).toEqual({ severity: ['HIGH'], region: ['eu-west-1'] });
    expect(query.sort).toBe('severity');
    expect(query.limit).toBe(50);
    expect(problems.map(p => [p.param, p.value])).toEqual([
      ['accountId', '123'],
      ['severity', 'SEVERE'],
      ['sort', 'bogus'],
      ['limit', '7'],
    ]);
    expect(problems[0].message).toBe('must be a 12-digit AWS account id');
    expect(problems[1].message).toMatch(/CRITICAL/);
  });

  it('keeps the default filter when the only filter value is invalid', () => {
    const { query, problems } = parseFindingsQuery(
      new URLSearchParams('severity=SEVERE'),
    );
    expect(query.filter).toEqual(DEFAULT_FILTER);
    expect(problems).toHaveLength(1);
  });

  it('keeps an invalid value in the URL on other changes until it is removed', () => {
    const base = new URLSearchParams('severity=SEVERE&region=eu-west-1');
    const next = querySearchParams(
      { ...parse(base.toString()), sort: 'title' },
      base,
    );
    expect(next.getAll('severity')).toEqual(['SEVERE']);
    expect(next.get('sort')).toBe('title');
    const dropped = withoutParamValue(next, 'severity', 'SEVERE');
    expect(parseFindingsQuery(dropped).problems).toEqual([]);
    expect(dropped.get('region')).toBe('eu-west-1');
  });

  it('reads a page by its cursor, or without one as a jump within reach of an offset', () => {
    expect(parse('page=4').page).toBe(3);
    expect(parse('page=4').cursor).toBeUndefined();
    expect(parse('page=4&cursor=c').page).toBe(3);
    expect(parse('cursor=c').page).toBe(1);
    const { query, problems } = parseFindingsQuery(
      new URLSearchParams('page=zero&cursor=c'),
    );
    expect(query.cursor).toBeUndefined();
    expect(problems.map(p => p.param)).toEqual(['page']);
    // 10,000 rows at 50 a page: page 201 is the deepest a jump reaches.
    expect(parse('page=201').page).toBe(200);
    const deep = parseFindingsQuery(new URLSearchParams('page=202'));
    expect(deep.query.page).toBe(0);
    expect(deep.problems[0].message).toMatch(/at most 201 at 50 rows/);
    expect(parse('page=202&cursor=c').page).toBe(201);
  });

  it('reads and writes its parameters under a prefix, leaving the others alone', () => {
    const base = new URLSearchParams('severity=HIGH&tab=overview');
    const written = querySearchParams(
      { ...DEFAULT_QUERY, filter: { severity: ['LOW'] }, finding: 'f-1' },
      base,
      'findings.',
    );
    expect(written.toString()).toBe(
      'severity=HIGH&tab=overview&findings.severity=LOW&findings.finding=f-1',
    );
    const { query, problems } = parseFindingsQuery(written, 'findings.');
    expect(query.filter).toEqual({ severity: ['LOW'] });
    expect(query.finding).toBe('f-1');
    expect(problems).toEqual([]);
  });

  it('keeps parameters that belong to someone else', () => {
    const search = querySearchParams(
      { ...DEFAULT_QUERY, filter: { ...DEFAULT_FILTER, severity: ['LOW'] } },
      new URLSearchParams('tab=overview&severity=HIGH'),
    );
    expect(search.get('tab')).toBe('overview');
    expect(search.getAll('severity')).toEqual(['LOW']);
  });
});

describe('applyQueryUpdate', () => {
  const onPage3: FindingsQuery = { ...DEFAULT_QUERY, page: 2, cursor: 'c3' };

  it('goes back to the first page when the findings asked for change', () => {
    const next = applyQueryUpdate(onPage3, q => ({
      ...q,
      filter: { severity: ['LOW'] },
    }));
    expect(next.page).toBe(0);
    expect(next.cursor).toBeUndefined();
    expect(applyQueryUpdate(onPage3, q => ({ ...q, limit: 25 })).page).toBe(0);
  });

  it('keeps the page when only the open finding changes', () => {
    const next = applyQueryUpdate(onPage3, q => ({ ...q, finding: 'f-1' }));
    expect(next).toEqual({ ...onPage3, finding: 'f-1' });
  });
});
