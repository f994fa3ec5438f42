import type { Knex } from 'knex';
import type { FindingsFilter } from '@internal/plugin-securityhub-remediation-common';
import { DIM } from './countsTable';
import type { FindingScope } from './filters';
import { CONTROL_TITLES_TABLE } from './findingCounts';
import type { CollatedOrder, RunsSource } from './sortRuns';
import type { CountsCube } from './countsCube';

/** The titles each control's findings have carried, at a data version. */
interface TitleRanges {
  version: string;
  /** Control id → positions in `titles` of its lowest and highest title. */
  ranges: Map<string, [number, number]>;
  /** Every lowest and highest title, in the database's order. */
  titles: string[];
}

/**
 * The lowest and highest title seen per control (kept by triggers), read
 * once per data version: a few hundred rows.
 */
export class ControlTitleRanges {
  private kept?: TitleRanges;

  async at(db: Knex, collated: CollatedOrder, version: string) {
    if (this.kept?.version === version) return this.kept;
    const rows: Array<{
      control_id: string;
      title: string;
      lowest_title: string | null;
    }> = await db(CONTROL_TITLES_TABLE)
      .select('control_id', 'title', 'lowest_title')
      .whereNotNull('lowest_title');
    const distinct = [
      ...new Set(rows.flatMap(r => [r.lowest_title!, r.title])),
    ];
    const codes = await collated.codes(db, distinct);
    const titles = codes.map(code => distinct[code]);
    const position = new Map(titles.map((title, i) => [title, i]));
    const ranges = new Map(
      rows.map(r => [
        r.control_id,
        [position.get(r.lowest_title!)!, position.get(r.title)!] as [
          number,
          number,
        ],
      ]),
    );
    this.kept = { version, ranges, titles };
    return this.kept;
  }
}

/** Where a filter's matches lie along the titles. */
export interface TitleRange {
  lowest: string;
  highest: string;
  /** Findings whose titles may lie in the range: a walk along it passes them. */
  findings: number;
}

/**
 * The titles a filter's matches lie between, from the counts per control
 * and the controls' title ranges: a resource type's findings belong to a
 * few controls, named alike ("S3 …"), so a list of them by title walks
 * their stretch of the title index instead of every title before it.
 * Undefined when findings without a control match (their titles are their
 * own) or nothing matches. `matchesCube` counts a search's matches (the
 * filter then without what found them); the source's cube counts the
 * findings.
 */
export async function titleRange(
  source: RunsSource & { titleRanges: ControlTitleRanges },
  filter: FindingsFilter,
  scope: FindingScope,
  matchesCube: CountsCube = source.cube,
): Promise<TitleRange | undefined> {
  const { db, cube, version, collated } = source;
  const { ranges, titles } = await source.titleRanges.at(db, collated, version);
  const controls = cube.values(DIM.control_id);
  const matched = matchesCube.countsBy(DIM.control_id, filter, scope);
  let low = Infinity;
  let high = -Infinity;
  for (let code = 0; code < controls.length; code++) {
    if (matched[code] === 0) continue;
    const range = ranges.get(controls[code]);
    if (!range) return undefined;
    low = Math.min(low, range[0]);
    high = Math.max(high, range[1]);
  }
  if (low > high) return undefined;
  const stored = cube.countsBy(DIM.control_id, {}, undefined);
  let findings = 0;
  for (let code = 0; code < controls.length; code++) {
    const range = ranges.get(controls[code]);
    // Findings without a control may have any title.
    if (!range || (range[0] <= high && range[1] >= low)) {
      findings += stored[code];
    }
  }
  return { lowest: titles[low], highest: titles[high], findings };
}
