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
import {
  bucketSumsBy,
  highestRankBy,
  selectRows,
  sumsBy,
  type BucketCodes,
  type Masks,
} from './countsAggregation';
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
  const restricted = [...masks.keys()];
  const selected = new Map<CountsTable, Int32Array>();
  /** The table to sum by `dimension`, and its rows that match. */
  const on = (dimension: number): [CountsTable, Int32Array] => {
    const table = cube.tableFor([dimension, ...restricted]);
    let rows = selected.get(table);
    if (!rows) {
      rows = selectRows(table, masks);
      selected.set(table, rows);
    }
    return [table, rows];
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
      result = sumsBy(...on(d), d, values(d).length);
      summed.set(d, result);
    }
    return result;
  };
  const buckets = (d: number, skipEmptyKey: boolean) => {
    const four = bucketSumsBy(...on(d), d, values(d).length, marks);
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
  const controlRank = highestRankBy(
    ...on(DIM.control_id),
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
      const table = cube.tableFor([d, ...masks.keys()]);
      sums = sumsBy(table, selectRows(table, masks), d, values.length);
    } else {
      sums = summarySums(d);
    }
    values.forEach((value, code) => {
      addToFacet(facets, facet, value, sums[code]);
    });
  }
  return facets;
}
