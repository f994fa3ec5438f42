import knexFactory, { type Knex } from 'knex';
import {
  sortAllMatches,
  sortIndexToWalk,
  walkReadsFew,
  type PageReadEstimate,
} from './pageReadOrder';

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
    // 51 rows a page at 1 in 500: ~25,500 rows walked, × 8 over 2,000 matches.
    expect(walk(sqlite, { matches: 2_000 })).toBeUndefined();
    expect(walk(sqlite, { matches: 30_000 })).toBe(
      'securityhub_findings_updated_idx',
    );
  });

  it('walks when the walk is short, however narrow the filter', () => {
    // 51 rows a page at 1 in 100: ~5,100 rows walked.
    expect(walk(sqlite, { matches: 10_000 })).toBe(
      'securityhub_findings_updated_idx',
    );
    expect(walkReadsFew(51, 1_000_000, 10_000)).toBe(true);
    expect(walkReadsFew(51, 1_000_000, 4_000)).toBe(false);
    expect(walkReadsFew(51, 1_000_000, 0)).toBe(false);
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

  it('walks a filter bunched along the titles from where its titles start', () => {
    const s3 = {
      sort: 'title' as const,
      filter: { resourceType: ['AwsS3Bucket'] },
    };
    expect(walk(sqlite, { ...s3, matches: 110_000 })).toBeUndefined();
    expect(
      walk(sqlite, {
        ...s3,
        matches: 110_000,
        findings: 115_000,
        ranged: true,
      }),
    ).toBe('securityhub_findings_title_idx');
  });

  it('has PostgreSQL sort the matches of a narrow filter, and walk a broad one', () => {
    expect(sortAllMatches(postgres, estimate({ matches: 2_000 }))).toBe(true);
    expect(sortAllMatches(postgres, estimate({}))).toBe(false);
    // Bunched but broad: PostgreSQL's own plan.
    expect(
      sortAllMatches(
        postgres,
        estimate({ sort: 'title', filter: { resourceType: ['AwsS3Bucket'] } }),
      ),
    ).toBe(false);
    expect(sortAllMatches(postgres, estimate({ matches: undefined }))).toBe(
      false,
    );
    expect(sortAllMatches(sqlite, estimate({ matches: 2_000 }))).toBe(false);
  });

  it('walks nothing unknown, empty, by severity or on PostgreSQL', () => {
    expect(walk(sqlite, { matches: undefined })).toBeUndefined();
    expect(walk(sqlite, { matches: 0 })).toBeUndefined();
    expect(walk(sqlite, { sort: 'severity' })).toBeUndefined();
    expect(walk(postgres, {})).toBeUndefined();
  });
});
