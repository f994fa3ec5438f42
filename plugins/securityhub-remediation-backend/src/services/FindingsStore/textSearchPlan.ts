import type { Knex } from 'knex';
import type { FindingsFilter } from '@internal/plugin-securityhub-remediation-common';
import { FINDINGS_TABLE } from './rows';
import { searchTerms, whereTextHolds, type FindingScope } from './filters';
import type { CountsCube } from './countsCube';

/** SQLite's index on the search text alone (migration 20261128120000). */
export const SEARCH_TEXT_INDEX = 'securityhub_findings_search_text_idx';

/** When a free-text query reads the search index first (SQLite). */
export interface TextSearchPlanOptions {
  /** The other filters match more findings than this: they do not narrow enough. */
  broadRows: number;
  /** The text matches at most this many findings: few enough to read one by one. */
  fewMatches: number;
}

export const DEFAULT_TEXT_SEARCH_PLAN: TextSearchPlanOptions = {
  broadRows: 50_000,
  fewMatches: 5_000,
};

/**
 * The keys of the findings a free-text query on SQLite matches, when they
 * are few and best found first; undefined when the query should read rows
 * as the planner chooses.
 *
 * `LIKE '%term%'` uses no index, so SQLite reads either the rows the other
 * filters select, or every row in the sort's order until a page is full.
 * Both are right when those filters are narrow (an account tab) or the
 * term is common (a page fills at once). A rare term under broad filters
 * reads the whole table: 1.4–1.8 s for a page at a million findings, where
 * the search index (text only, ~160 bytes a finding) is read in 0.3 s.
 * The index is read up to `fewMatches` + 1 matches, which stops early for
 * a common term.
 */
export async function fewTextMatches(
  db: Knex,
  filter: FindingsFilter,
  scope: FindingScope,
  counts: CountsCube,
  options: TextSearchPlanOptions,
): Promise<number[] | undefined> {
  if (db.client.dialect === 'postgresql') return undefined; // its trigram index
  const terms = searchTerms(filter);
  if (terms.length === 0) return undefined;
  // What the other filters match, as the counts in memory say.
  if (counts.total({ ...filter, q: undefined }, scope) <= options.broadRows) {
    return undefined;
  }
  const query = whereTextHolds(
    db.from(db.raw('?? indexed by ??', [FINDINGS_TABLE, SEARCH_TEXT_INDEX])),
    terms,
    'search_text',
  );
  const rows: Array<{ pk: number }> = await query
    .select('pk')
    .limit(options.fewMatches + 1);
  return rows.length <= options.fewMatches ? rows.map(r => r.pk) : undefined;
}
