import type { Knex } from 'knex';
import {
  SEVERITY_LABELS,
  type FindingsFilter,
  type FindingsSummary,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import type { FindingScope, FindingScopeQuery } from './filters';
import { COUNTS_TABLE, COUNT_DIMENSIONS } from './findingCounts';
import {
  Buckets,
  MAX_BUCKETS,
  mergeControlRank,
  rankControls,
} from './summary';

type Dimension = (typeof COUNT_DIMENSIONS)[number];

/** The filter field of each dimension. */
const FILTER_OF: Record<Dimension, keyof FindingsFilter> = {
  aws_account_id: 'accountId',
  region: 'region',
  control_id: 'controlId',
  resource_type: 'resourceType',
  severity: 'severity',
  compliance_status: 'complianceStatus',
  workflow_status: 'workflowStatus',
  record_state: 'recordState',
};

/** Dictionary-encoded values of one dimension. */
class Column {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  constructor(readonly data: Int32Array) {}

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** Which codes a condition accepts; undefined when it accepts all. */
  mask(accepts?: (value: string) => boolean): Uint8Array | undefined {
    if (!accepts) return undefined;
    return Uint8Array.from(this.values, v => (accepts(v) ? 1 : 0));
  }
}

type Masks = Array<[Int32Array, Uint8Array]>;

/** Whether row `i` passes every mask. */
function matches(masks: Masks, i: number): boolean {
  for (const [data, mask] of masks) if (!mask[data[i]]) return false;
  return true;
}

function scopeAllows(
  criteria: PermissionCriteria<FindingScopeQuery>,
  account: string,
): boolean {
  if (isAndCriteria(criteria)) {
    return criteria.allOf.every(c => scopeAllows(c, account));
  }
  if (isOrCriteria(criteria)) {
    return criteria.anyOf.some(c => scopeAllows(c, account));
  }
  if (isNotCriteria(criteria)) return !scopeAllows(criteria.not, account);
  return criteria.awsAccountIds.includes(account);
}

/**
 * Every row of the counts table in memory, column by column, for one data
 * version. A summary or a total under any filter and scope is then one pass
 * over typed arrays (about 1 ms for 30,000 rows) instead of a grouped query
 * whose rows all cross into JavaScript (20–50 ms at a million findings).
 * It is rebuilt when a write moves the data version on.
 */
export class CountsCube {
  private constructor(
    private readonly columns: Record<Dimension, Column>,
    private readonly n: Float64Array,
  ) {}

  static async load(db: Knex): Promise<CountsCube> {
    const rows: Array<Record<Dimension, string> & { n: number | string }> =
      await db(COUNTS_TABLE)
        .select(...COUNT_DIMENSIONS, 'n')
        .where('n', '>', 0);
    const columns = Object.fromEntries(
      COUNT_DIMENSIONS.map(d => [d, new Column(new Int32Array(rows.length))]),
    ) as Record<Dimension, Column>;
    const n = new Float64Array(rows.length);
    rows.forEach((row, i) => {
      for (const d of COUNT_DIMENSIONS) {
        const column = columns[d];
        column.data[i] = column.code(row[d] ?? '');
      }
      n[i] = Number(row.n);
    });
    return new CountsCube(columns, n);
  }

  /** Which rows count: a mask per dimension the filter or scope restricts. */
  private masks(filter: FindingsFilter, scope: FindingScope) {
    const masks: Masks = [];
    for (const d of COUNT_DIMENSIONS) {
      const wanted = filter[FILTER_OF[d]] as string[] | undefined;
      const inScope =
        d === 'aws_account_id' && scope
          ? (v: string) => scopeAllows(scope, v)
          : undefined;
      const accepts =
        wanted && wanted.length > 0
          ? (v: string) => wanted.includes(v) && (!inScope || inScope(v))
          : inScope;
      const mask = this.columns[d].mask(accepts);
      if (mask) masks.push([this.columns[d].data, mask]);
    }
    return masks;
  }

  /** Findings matching the filter (without free text) in scope. */
  total(filter: FindingsFilter, scope: FindingScope): number {
    const masks = this.masks(filter, scope);
    let total = 0;
    for (let i = 0; i < this.n.length; i++) {
      if (matches(masks, i)) total += this.n[i];
    }
    return total;
  }

  /** The summary of the filter (without free text) in scope; control titles empty. */
  summary(filter: FindingsFilter, scope: FindingScope): FindingsSummary {
    const masks = this.masks(filter, scope);
    const { columns, n } = this;
    const totals = (d: Dimension) => new Float64Array(columns[d].values.length);
    const grouped = [
      'aws_account_id',
      'region',
      'resource_type',
      'control_id',
    ] as const;
    const sums = grouped.map(d => ({
      d,
      total: totals(d),
      failed: totals(d),
      critical: totals(d),
      high: totals(d),
    }));
    const plain = [
      'severity',
      'compliance_status',
      'workflow_status',
      'record_state',
    ] as const;
    const plainTotals = plain.map(totals);
    const controlRank = new Int8Array(columns.control_id.values.length).fill(
      -1,
    );
    const severityRank = columns.severity.values.map(v =>
      SEVERITY_LABELS.indexOf(v as SeverityLabel),
    );
    const failedCode = columns.compliance_status.values.indexOf('FAILED');
    const criticalCode = columns.severity.values.indexOf('CRITICAL');
    const highCode = columns.severity.values.indexOf('HIGH');

    for (let i = 0; i < n.length; i++) {
      if (!matches(masks, i)) continue;
      const count = n[i];
      const severity = columns.severity.data[i];
      const failed =
        columns.compliance_status.data[i] === failedCode ? count : 0;
      const critical = severity === criticalCode ? count : 0;
      const high = severity === highCode ? count : 0;
      for (const s of sums) {
        const code = columns[s.d].data[i];
        s.total[code] += count;
        s.failed[code] += failed;
        s.critical[code] += critical;
        s.high[code] += high;
      }
      plain.forEach((d, k) => {
        plainTotals[k][columns[d].data[i]] += count;
      });
      const control = columns.control_id.data[i];
      if (severityRank[severity] > controlRank[control]) {
        controlRank[control] = severityRank[severity];
      }
    }

    const buckets = (k: number, skipEmptyKey: boolean) => {
      const s = sums[k];
      const result = new Buckets();
      columns[s.d].values.forEach((key, code) => {
        if (s.total[code] === 0 || (skipEmptyKey && key === '')) return;
        result.addCounts(key, {
          total: s.total[code],
          failed: s.failed[code],
          critical: s.critical[code],
          high: s.high[code],
        });
      });
      return result;
    };
    const counted = (k: number, rename: (key: string) => string) => {
      const result: Record<string, number> = {};
      columns[plain[k]].values.forEach((key, code) => {
        const value = plainTotals[k][code];
        if (value > 0) result[rename(key)] = (result[rename(key)] ?? 0) + value;
      });
      return result;
    };
    const same = (key: string) => key;

    const bySeverity = Object.fromEntries(
      SEVERITY_LABELS.map(label => [label, 0]),
    ) as Record<SeverityLabel, number>;
    Object.assign(bySeverity, counted(0, same));
    const ranks = new Map<string, number>();
    columns.control_id.values.forEach((key, code) => {
      if (key !== '' && controlRank[code] >= 0) {
        mergeControlRank(ranks, key, controlRank[code]);
      }
    });
    return {
      total: Object.values(bySeverity).reduce((a, b) => a + b, 0),
      bySeverity,
      // A finding without compliance status is stored as '' in the counts key.
      byComplianceStatus: counted(1, key => key || 'NONE'),
      byWorkflowStatus: counted(2, same),
      byRecordState: counted(3, same),
      byAccount: buckets(0, false).sorted(),
      byRegion: buckets(1, false).sorted(),
      byResourceType: buckets(2, true).sorted(MAX_BUCKETS),
      byControl: rankControls(buckets(3, true), ranks),
    };
  }
}

/**
 * The cube of the current data version: read once per version (one small
 * query per use to learn the version), concurrent uses share one load.
 */
export class CountsCubeCache {
  private current?: { version: string; cube: Promise<CountsCube> };

  constructor(
    private readonly db: Knex,
    private readonly version: () => Promise<string>,
  ) {}

  async get(): Promise<CountsCube> {
    const version = await this.version();
    if (this.current?.version !== version) {
      const cube = CountsCube.load(this.db);
      this.current = { version, cube };
      cube.catch(() => {
        if (this.current?.cube === cube) this.current = undefined;
      });
    }
    return this.current.cube;
  }
}
