import {
  DEFAULT_FILTER,
  DEFAULT_QUERY,
  queryFromSearchParams,
  querySearchParams,
} from './findingsQuery';

const parse = (search: string) =>
  queryFromSearchParams(new URLSearchParams(search));

describe('findingsQuery URL codec', () => {
  it('uses the default query for a bare URL and writes nothing for it', () => {
    expect(parse('')).toEqual(DEFAULT_QUERY);
    expect(querySearchParams(DEFAULT_QUERY).toString()).toBe('');
  });

  it('round-trips filters, sort, order and page size', () => {
    const query = {
      filter: {
        accountId: ['111122223333'],
        severity: ['CRITICAL' as const, 'HIGH' as const],
        q: 'bucket policy',
      },
      sort: 'updatedAt' as const,
      order: 'asc' as const,
      limit: 100,
    };
    const search = querySearchParams(query).toString();
    expect(search).toBe(
      'accountId=111122223333&severity=CRITICAL&severity=HIGH&q=bucket+policy&sort=updatedAt&order=asc&limit=100',
    );
    expect(parse(search)).toEqual(query);
  });

  it('marks an empty filter so it is not read back as the defaults', () => {
    const search = querySearchParams({ ...DEFAULT_QUERY, filter: {} });
    expect(search.toString()).toBe('view=all');
    expect(parse(search.toString()).filter).toEqual({});
  });

  it('drops invalid values from shared links instead of failing', () => {
    const query = parse(
      'severity=SEVERE&region=eu-west-1&accountId=123&sort=bogus&limit=7',
    );
    expect(query.filter).toEqual({ region: ['eu-west-1'] });
    expect(query.sort).toBe('severity');
    expect(query.limit).toBe(50);
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
