import type { Knex } from 'knex';
import {
  SEVERITY_LABELS,
  type FindingSortField,
  type FindingsFilter,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import type { CountsCube } from './countsCube';
import { DIM } from './countsTable';
import type { FindingScope } from './filters';
import { IN_KEY_ORDER } from './pageReadOrder';

/**
 * A sort order that is a run of table keys per value of a counted column:
 * "severity, then key" is five runs, one per severity.
 */
export interface SortRuns {
  column: string;
  /** The column's values, in ascending sort order. */
  values: Array<string | number>;
  /** Findings the filter matches in scope, per value (same positions). */
  matches: number[];
  /** Findings stored, per value. */
  stored: number[];
  /** Rows a walk in key order passes to meet every match of a value. */
  walked: number[];
  /** SQLite: what holds each value's rows in key order (an index, or the table). */
  walk: string;
  /** SQLite: the index that finds a value's rows. */
  index: string;
}

/** The sorts whose values the counts keep, and where their runs lie in key order. */
const RUN_SORTS: Partial<
  Record<
    FindingSortField,
    Pick<SortRuns, 'column' | 'walk' | 'index'> & { dimension: number }
  >
> = {
  // Each severity's findings in key order.
  severity: {
    dimension: DIM.severity,
    column: 'severity_rank',
    walk: 'securityhub_findings_severity_idx',
    index: 'securityhub_findings_severity_idx',
  },
  // Their indexes order a value's rows by severity: the table is walked.
  controlId: {
    dimension: DIM.control_id,
    column: 'control_id',
    walk: IN_KEY_ORDER,
    index: 'securityhub_findings_control_severity_idx',
  },
  awsAccountId: {
    dimension: DIM.aws_account_id,
    column: 'aws_account_id',
    walk: IN_KEY_ORDER,
    index: 'securityhub_findings_account_idx',
  },
};

/**
 * The values of a text column in the database's own order (its collation,
 * which pages by cursor compare with), kept while the values are the same.
 */
export class CollatedOrder {
  private readonly kept = new WeakMap<
    string[],
    { length: number; codes: number[] }
  >();

  /** The positions of `values` (a counts dictionary, which only grows), sorted. */
  async codes(db: Knex, values: string[]): Promise<number[]> {
    const known = this.kept.get(values);
    if (known && known.length === values.length) return known.codes;
    const rows: Array<{ code: number | string }> =
      db.client.dialect === 'postgresql'
        ? (
            await db.raw(
              `select ord - 1 as code
                 from unnest(?::text[]) with ordinality as t(value, ord)
                order by value`,
              [values],
            )
          ).rows
        : await db.raw(`select key as code from json_each(?) order by value`, [
            JSON.stringify(values),
          ]);
    const codes = rows.map(r => Number(r.code));
    this.kept.set(values, { length: values.length, codes });
    return codes;
  }
}

/** What runs are read from: the counts at a data version, and what is kept across versions. */
export interface RunsSource {
  db: Knex;
  cube: CountsCube;
  version: string;
  collated: CollatedOrder;
}

/**
 * The runs of `sort` from the counts, or undefined when it has none.
 * `matchesCube` counts a search's matches (the text index's); the
 * source's cube counts the findings stored.
 */
export async function sortRuns(
  source: RunsSource,
  sort: FindingSortField,
  filter: FindingsFilter,
  scope: FindingScope,
  matchesCube: CountsCube = source.cube,
): Promise<SortRuns | undefined> {
  const { db, cube, collated } = source;
  const runs = RUN_SORTS[sort];
  if (!runs) return undefined;
  const { dimension, ...read } = runs;
  const labels = cube.values(dimension);
  const matched = matchesCube.countsBy(dimension, filter, scope);
  const stored = cube.countsBy(dimension, {}, undefined);
  if (sort === 'severity') {
    const matches = SEVERITY_LABELS.map(() => 0);
    const byRank = SEVERITY_LABELS.map(() => 0);
    labels.forEach((label, code) => {
      const rank = SEVERITY_LABELS.indexOf(label as SeverityLabel);
      matches[rank] += matched[code];
      byRank[rank] += stored[code];
    });
    return {
      ...read,
      values: SEVERITY_LABELS.map((_, rank) => rank),
      matches,
      stored: byRank,
      walked: byRank,
    };
  }
  const codes = await collated.codes(db, labels);
  const findings = stored.reduce((a, b) => a + b, 0);
  return {
    ...read,
    values: codes.map(code => labels[code]),
    matches: codes.map(code => matched[code]),
    stored: codes.map(code => stored[code]),
    walked: codes.map(() => findings),
  };
}
