import type { Knex } from 'knex';
import type { FindingsListQuery } from '@internal/plugin-securityhub-remediation-common';
import type { CursorPayload } from './cursor';
import { scopedFindings, type FindingScope } from './filters';
import { matchedThenSorted, walkReadsFew } from './pageReadOrder';
import { FINDINGS_TABLE, type FindingRow } from './rows';
import type { SortRuns } from './sortRuns';

const KEY = `${FINDINGS_TABLE}.pk`;

/**
 * One page of a list whose sort is a few runs of table keys (see
 * `SortRuns`), read by run; undefined when the cursor's value is not among
 * the runs' (the data changed under it), to read otherwise.
 *
 * Reading "this severity (control, account) by key" is cheap for any
 * filter, where reading the whole order at once is not: a filter whose
 * matches sit far along it ("passed" findings are informational; an S3
 * bucket's controls start with S) either walks every finding before them or
 * sorts all of its matches, up to a second at a million findings. The
 * counts say how many matches each run holds, so an offset skips whole runs
 * unread, and the runs a page takes whole (an account's findings hold one
 * or two of each control) are read together, their few matches sorted:
 * at most three reads a page — the cursor's or offset's run, the runs
 * taken whole, and the run that fills the page.
 */
export async function readSortRunsPage(
  reader: Knex,
  query: FindingsListQuery,
  after: CursorPayload | undefined,
  scope: FindingScope,
  runs: SortRuns,
): Promise<FindingRow[] | undefined> {
  const { order, limit, offset, sort, cursor, ...filter } = query;
  const positions = runs.values.map((_, i) => i);
  if (order === 'desc') positions.reverse();
  let next = 0;
  if (after) {
    next = positions.findIndex(i => runs.values[i] === after.v);
    if (next < 0) return undefined;
  }
  const wanted = limit + 1;
  const column = `${FINDINGS_TABLE}.${runs.column}`;
  const rows: FindingRow[] = [];
  const total = runs.matches.reduce((a, b) => a + b, 0);
  const postgres = reader.client.dialect === 'postgresql';
  /**
   * SQLite: how to read runs — walk one in key order when that meets the
   * page's rows early; else by the values' index when they hold no more
   * rows than the filter matches in all (a broad filter's own index is no
   * better); else as the planner picks (a narrow filter's index).
   */
  const sqliteIndex = (read: number[], walk = false) => {
    if (postgres) return undefined;
    if (walk) return runs.walk;
    const stored = read.reduce((sum, i) => sum + runs.stored[i], 0);
    return stored <= total ? runs.index : undefined;
  };

  /** A run from `skip` (or after the cursor), up to the page's end. */
  const readRun = async (position: number, skip: number, cursorRun = false) => {
    const walk = walkReadsFew(
      skip + wanted - rows.length,
      runs.walked[position],
      runs.matches[position],
    );
    const run = scopedFindings(
      reader,
      filter,
      scope,
      undefined,
      sqliteIndex([position], walk),
    )
      .select(`${FINDINGS_TABLE}.*`)
      .where(column, runs.values[position]);
    if (cursorRun) run.where(KEY, order === 'desc' ? '<' : '>', after!.k);
    // PostgreSQL walks the key order itself when it expects to meet the
    // run's matches early, and the counts say whether it will.
    const page = walk || !postgres ? run : matchedThenSorted(reader, run);
    page.orderBy(KEY, order).limit(wanted - rows.length);
    if (skip > 0) page.offset(skip);
    rows.push(...((await page) as FindingRow[]));
  };

  let skip = after ? 0 : offset ?? 0;
  if (after) await readRun(positions[next++], 0, true);
  while (next < positions.length && skip >= runs.matches[positions[next]]) {
    skip -= runs.matches[positions[next++]];
  }
  if (skip > 0 && next < positions.length) {
    await readRun(positions[next++], skip);
  }
  const whole: number[] = [];
  for (let counted = rows.length; next < positions.length; next++) {
    const matches = runs.matches[positions[next]];
    if (counted + matches >= wanted) break;
    counted += matches;
    if (matches > 0) whole.push(positions[next]);
  }
  if (whole.length > 0 && rows.length < wanted) {
    const matched = scopedFindings(
      reader,
      filter,
      scope,
      undefined,
      sqliteIndex(whole),
    )
      .select(`${FINDINGS_TABLE}.*`)
      .whereIn(
        column,
        whole.map(i => runs.values[i]),
      );
    const together = matchedThenSorted(reader, matched)
      .orderBy(column, order)
      .orderBy(KEY, order)
      .limit(wanted - rows.length);
    rows.push(...((await together) as FindingRow[]));
  }
  if (rows.length < wanted && next < positions.length) {
    await readRun(positions[next], 0);
  }
  return rows;
}
