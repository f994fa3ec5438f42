import {
  FACET_DIMENSIONS,
  SEVERITY_LABELS,
  type FindingsFacets,
  type FindingsFilter,
  type FindingsSummary,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingScope } from './filters';
import { DIM, type CountsTable } from './countsTable';
import type { BucketCodes, Masks } from './countsAggregation';
import {
  bucketSumsOfParts,
  highestRankOfParts,
  planSelection,
  selectParts,
  sumsOfParts,
  type SignedRows,
} from './countsSelection';
import {
  Buckets,
  MAX_BUCKETS,
  mergeControlRank,
  rankControls,
} from './summary';
import {
  FACET_COLUMN,
  addToFacet,
  emptyFacets,
  isFiltered,
  withoutFilterOn,
} from './facets';

/** What a summary reads of a counts cube (see `CountsCube`). */
export interface CubeTables {
  /** The values of a dimension (by position), by code. */
  values(dimension: number): string[];
  /** Which codes count: a mask per dimension the filter or scope restricts. */
  masks(filter: FindingsFilter, scope: FindingScope): Masks;
  /** The smallest table keeping every dimension in `needed`. */
  tableFor(needed: number[]): CountsTable;
}

/**
 * The summary of the filter (without free text) in scope, from a cube's
 * tables; control titles empty.
 */
export function summarizeCube(
  cube: CubeTables,
  filter: FindingsFilter,
  scope: FindingScope,
): FindingsSummary {
  const masks = cube.masks(filter, scope);
  // Dimensions summed from the same tables share their selected rows.
  const selected = new Map<string, SignedRows[]>();
  const tableIds = new Map<CountsTable, number>();
  /** The rows to sum by `dimension`. */
  const on = (dimension: number): SignedRows[] => {
    const parts = planSelection(cube, [dimension], masks);
    const key = parts
      .map(({ table, sign }) => {
        if (!tableIds.has(table)) tableIds.set(table, tableIds.size);
        return `${tableIds.get(table)}${sign}`;
      })
      .join();
    let rows = selected.get(key);
    if (!rows) {
      rows = selectParts(parts);
      selected.set(key, rows);
    }
    return rows;
  };
  const values = (d: number) => cube.values(d);
  const marks: BucketCodes = {
    compliance: DIM.compliance_status,
    severity: DIM.severity,
    failed: values(DIM.compliance_status).indexOf('FAILED'),
    critical: values(DIM.severity).indexOf('CRITICAL'),
    high: values(DIM.severity).indexOf('HIGH'),
  };
  // Per dimension, its findings per value over the summary's rows: the
  // counts and the facets of dimensions the filter leaves open share it.
  const summed = new Map<number, Float64Array>();
  const sums = (d: number) => {
    let result = summed.get(d);
    if (!result) {
      result = sumsOfParts(on(d), d, values(d).length);
      summed.set(d, result);
    }
    return result;
  };
  const buckets = (d: number, skipEmptyKey: boolean) => {
    const four = bucketSumsOfParts(on(d), d, values(d).length, marks);
    summed.set(
      d,
      Float64Array.from(values(d), (_, code) => four[code * 4]),
    );
    const result = new Buckets();
    values(d).forEach((key, code) => {
      const at = code * 4;
      if (four[at] === 0 || (skipEmptyKey && key === '')) return;
      result.addCounts(key, {
        total: four[at],
        failed: four[at + 1],
        critical: four[at + 2],
        high: four[at + 3],
      });
    });
    return result;
  };
  const counted = (d: number, rename: (key: string) => string) => {
    const perValue = sums(d);
    const result: Record<string, number> = {};
    values(d).forEach((key, code) => {
      if (perValue[code] > 0) {
        result[rename(key)] = (result[rename(key)] ?? 0) + perValue[code];
      }
    });
    return result;
  };
  const same = (key: string) => key;

  const bySeverity = Object.fromEntries(
    SEVERITY_LABELS.map(label => [label, 0]),
  ) as Record<SeverityLabel, number>;
  Object.assign(bySeverity, counted(DIM.severity, same));
  const controlRank = highestRankOfParts(
    on(DIM.control_id),
    DIM.control_id,
    values(DIM.control_id).length,
    DIM.severity,
    Int8Array.from(values(DIM.severity), v =>
      SEVERITY_LABELS.indexOf(v as SeverityLabel),
    ),
  );
  const ranks = new Map<string, number>();
  values(DIM.control_id).forEach((key, code) => {
    if (key !== '' && controlRank[code] >= 0) {
      mergeControlRank(ranks, key, controlRank[code]);
    }
  });
  return {
    total: Object.values(bySeverity).reduce((a, b) => a + b, 0),
    bySeverity,
    // A finding without compliance status is stored as '' in the counts key.
    byComplianceStatus: counted(DIM.compliance_status, key => key || 'NONE'),
    byWorkflowStatus: counted(DIM.workflow_status, same),
    byRecordState: counted(DIM.record_state, same),
    byAccount: buckets(DIM.aws_account_id, false).sorted(),
    byRegion: buckets(DIM.region, false).sorted(),
    byResourceType: buckets(DIM.resource_type, true).sorted(MAX_BUCKETS),
    byControl: rankControls(buckets(DIM.control_id, true), ranks),
    facets: facetsOf(cube, filter, scope, sums),
  };
}

/**
 * Per dimension, the findings of each value with that dimension's own
 * filter removed. A dimension the filter leaves open takes the summary's
 * own sums; only a filtered one selects and sums rows of its own.
 */
function facetsOf(
  cube: CubeTables,
  filter: FindingsFilter,
  scope: FindingScope,
  summarySums: (dimension: number) => Float64Array,
): FindingsFacets {
  const facets = emptyFacets();
  for (const facet of FACET_DIMENSIONS) {
    const d = DIM[FACET_COLUMN[facet]];
    const values = cube.values(d);
    let sums: Float64Array;
    if (isFiltered(filter, facet)) {
      const masks = cube.masks(withoutFilterOn(filter, facet), scope);
      sums = sumsOfParts(
        selectParts(planSelection(cube, [d], masks)),
        d,
        values.length,
      );
    } else {
      sums = summarySums(d);
    }
    values.forEach((value, code) => {
      addToFacet(facets, facet, value, sums[code]);
    });
  }
  return facets;
}
