import knexFactory, { type Knex } from 'knex';
import { sortIndexToWalk, type PageReadEstimate } from './pageReadOrder';

const sqlite = knexFactory({
  client: 'better-sqlite3',
  useNullAsDefault: true,
});
const postgres = knexFactory({ client: 'pg' });

afterAll(async () => {
  await sqlite.destroy();
  await postgres.destroy();
});

const estimate = (over: Partial<PageReadEstimate>): PageReadEstimate => ({
  sort: 'updatedAt',
  filter: {},
  matches: 500_000,
  findings: 1_000_000,
  rows: 51,
  ...over,
});

const walk = (db: Knex, over: Partial<PageReadEstimate>) =>
  sortIndexToWalk(db, estimate(over));

describe('sortIndexToWalk', () => {
  it('walks the sort index when a broad filter fills a page early', () => {
    expect(walk(sqlite, {})).toBe('securityhub_findings_updated_idx');
    expect(walk(sqlite, { sort: 'title' })).toBe(
      'securityhub_findings_title_idx',
    );
    expect(walk(sqlite, { sort: 'firstSeenAt', matches: 100_000 })).toBe(
      'securityhub_findings_first_seen_idx',
    );
  });

  it('leaves a narrow filter to the planner: its matches are read and sorted', () => {
    // 51 rows a page at 1 in 100: ~5,100 rows walked, × 8 over 10,000 matches.
    expect(walk(sqlite, { matches: 10_000 })).toBeUndefined();
    expect(walk(sqlite, { matches: 30_000 })).toBe(
      'securityhub_findings_updated_idx',
    );
  });

  it('counts the rows an offset skips', () => {
    expect(walk(sqlite, { matches: 100_000, rows: 51 })).toBeDefined();
    expect(walk(sqlite, { matches: 100_000, rows: 2_051 })).toBeUndefined();
  });

  it('leaves filters bunched along the sort to the planner', () => {
    expect(
      walk(sqlite, {
        sort: 'title',
        filter: { resourceType: ['AwsS3Bucket'] },
      }),
    ).toBeUndefined();
    expect(
      walk(sqlite, { sort: 'controlId', filter: { severity: ['LOW'] } }),
    ).toBeUndefined();
    // Accounts and states spread across titles.
    expect(
      walk(sqlite, {
        sort: 'title',
        filter: { accountId: ['111111111111'], recordState: ['ACTIVE'] },
      }),
    ).toBe('securityhub_findings_title_idx');
    expect(
      walk(sqlite, { sort: 'updatedAt', filter: { severity: ['LOW'] } }),
    ).toBe('securityhub_findings_updated_idx');
  });

  it('walks nothing unknown, empty, by severity or on PostgreSQL', () => {
    expect(walk(sqlite, { matches: undefined })).toBeUndefined();
    expect(walk(sqlite, { matches: 0 })).toBeUndefined();
    expect(walk(sqlite, { sort: 'severity' })).toBeUndefined();
    expect(walk(postgres, {})).toBeUndefined();
  });
});
