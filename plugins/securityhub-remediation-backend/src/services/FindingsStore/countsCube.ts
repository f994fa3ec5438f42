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

/** Rows of the counts table read per query when loading. */
const LOAD_CHUNK_ROWS = 5000;

/** Dictionary-encoded values of one dimension. */
class Column {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  data = new Int32Array(0);
  /** Codes while loading, before they become `data`. */
  readonly loading: number[] = [];

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

/** Dimensions summarized as buckets (total, failed, critical, high), in the order used above. */
const GROUPED = [
  'aws_account_id',
  'region',
  'resource_type',
  'control_id',
] as const;
/** Dimensions summarized as plain counts, in the order used above. */
const PLAIN = [
  'severity',
  'compliance_status',
  'workflow_status',
  'record_state',
] as const;

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

  /**
   * Reads the counts table in key order, a chunk at a time with a turn of
   * the event loop between chunks: on SQLite a read runs on the event loop,
   * and a million findings of many accounts make hundreds of thousands of
   * rows. Writes between chunks make the cube a mix of versions; it is
   * labelled with the version read before, so the next use reads it again.
   */
  static async load(db: Knex): Promise<CountsCube> {
    const columns = Object.fromEntries(
      COUNT_DIMENSIONS.map(d => [d, new Column()]),
    ) as Record<Dimension, Column>;
    const counts: number[] = [];
    const keys = COUNT_DIMENSIONS.join(', ');
    let after: string[] | undefined;
    for (;;) {
      const query = db(COUNTS_TABLE)
        .select(...COUNT_DIMENSIONS, 'n')
        .orderBy([...COUNT_DIMENSIONS])
        .limit(LOAD_CHUNK_ROWS);
      if (after) {
        query.whereRaw(
          `(${keys}) > (${COUNT_DIMENSIONS.map(() => '?').join(', ')})`,
          after,
        );
      }
      const rows: Array<Record<Dimension, string> & { n: number | string }> =
        await query;
      for (const row of rows) {
        if (Number(row.n) <= 0) continue;
        for (const d of COUNT_DIMENSIONS) {
          columns[d].loading.push(columns[d].code(row[d] ?? ''));
        }
        counts.push(Number(row.n));
      }
      if (rows.length < LOAD_CHUNK_ROWS) break;
      const last = rows[rows.length - 1];
      after = COUNT_DIMENSIONS.map(d => last[d]);
      await new Promise(resolve => setImmediate(resolve));
    }
    for (const d of COUNT_DIMENSIONS) {
      columns[d].data = Int32Array.from(columns[d].loading);
      columns[d].loading.length = 0;
    }
    return new CountsCube(columns, Float64Array.from(counts));
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
    const sized = (d: Dimension) => new Float64Array(columns[d].values.length);
    // Per grouped dimension: its codes and four sums per code.
    const groups = GROUPED.map(d => ({
      d,
      data: columns[d].data,
      total: sized(d),
      failed: sized(d),
      critical: sized(d),
      high: sized(d),
    }));
    const plain = PLAIN.map(d => ({
      d,
      data: columns[d].data,
      total: sized(d),
    }));
    const severity = columns.severity.data;
    const compliance = columns.compliance_status.data;
    const controlRank = new Int8Array(columns.control_id.values.length).fill(
      -1,
    );
    const rankOf = Int8Array.from(columns.severity.values, v =>
      SEVERITY_LABELS.indexOf(v as SeverityLabel),
    );
    const failedCode = columns.compliance_status.values.indexOf('FAILED');
    const criticalCode = columns.severity.values.indexOf('CRITICAL');
    const highCode = columns.severity.values.indexOf('HIGH');

    // The hot loop, unrolled over locals: about twice as fast as looping
    // over the group objects.
    const [account, region, type, ctrl] = groups;
    const [sev, comp, work, record] = plain;
    const { data: aD, total: aT, failed: aF, critical: aC, high: aH } = account;
    const { data: rD, total: rT, failed: rF, critical: rC, high: rH } = region;
    const { data: tD, total: tT, failed: tF, critical: tC, high: tH } = type;
    const { data: cD, total: cT, failed: cF, critical: cC, high: cH } = ctrl;
    const { total: sT } = sev;
    const { total: pT } = comp;
    const { data: wD, total: wT } = work;
    const { data: eD, total: eT } = record;
    const filtered = masks.length > 0;
    for (let i = 0; i < n.length; i++) {
      if (filtered && !matches(masks, i)) continue;
      const count = n[i];
      const s = severity[i];
      const failed = compliance[i] === failedCode ? count : 0;
      const critical = s === criticalCode ? count : 0;
      const high = s === highCode ? count : 0;
      let k = aD[i];
      aT[k] += count;
      aF[k] += failed;
      aC[k] += critical;
      aH[k] += high;
      k = rD[i];
      rT[k] += count;
      rF[k] += failed;
      rC[k] += critical;
      rH[k] += high;
      k = tD[i];
      tT[k] += count;
      tF[k] += failed;
      tC[k] += critical;
      tH[k] += high;
      k = cD[i];
      cT[k] += count;
      cF[k] += failed;
      cC[k] += critical;
      cH[k] += high;
      sT[s] += count;
      pT[compliance[i]] += count;
      wT[wD[i]] += count;
      eT[eD[i]] += count;
      if (rankOf[s] > controlRank[k]) controlRank[k] = rankOf[s];
    }

    const buckets = (g: number, skipEmptyKey: boolean) => {
      const group = groups[g];
      const result = new Buckets();
      columns[group.d].values.forEach((key, code) => {
        if (group.total[code] === 0 || (skipEmptyKey && key === '')) return;
        result.addCounts(key, {
          total: group.total[code],
          failed: group.failed[code],
          critical: group.critical[code],
          high: group.high[code],
        });
      });
      return result;
    };
    const counted = (p: number, rename: (key: string) => string) => {
      const result: Record<string, number> = {};
      columns[plain[p].d].values.forEach((key, code) => {
        const value = plain[p].total[code];
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

/** The cube a use answers from, with the data version it was read at. */
export interface CubeAtVersion {
  version: string;
  cube: CountsCube;
  /** False while a newer version is being read. */
  fresh: boolean;
}

/**
 * The cube of the current data version: one small query per use learns the
 * version; a new version is read once, shared by concurrent uses, one read
 * at a time. A use waits for that read up to `maxWaitMs`, then answers from
 * the cube it has — so while an import writes, summaries and totals may
 * trail it by one read of the counts (seconds at a million findings)
 * instead of every request waiting; once writes stop they are exact.
 */
export class CountsCubeCache {
  private current?: { version: string; cube: CountsCube };
  private reading?: { version: string; done: Promise<void> };
  /** The newest version asked for while a read was going on. */
  private wanted?: string;

  constructor(
    private readonly db: Knex,
    private readonly version: () => Promise<string>,
    private readonly maxWaitMs = 100,
  ) {}

  async get(): Promise<CubeAtVersion> {
    const version = await this.version();
    const answer = () => ({
      ...this.current!,
      fresh: this.current!.version === version,
    });
    if (this.current?.version === version) return answer();
    const done = this.read(version);
    if (!this.current) {
      await done;
      return answer();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise(resolve => {
        timer = setTimeout(resolve, this.maxWaitMs);
      }),
    ]);
    clearTimeout(timer);
    return answer();
  }

  /** Reads `version` now, or after the read going on. */
  private read(version: string): Promise<void> {
    if (this.reading) {
      if (this.reading.version !== version) this.wanted = version;
      return this.reading.done;
    }
    const done = CountsCube.load(this.db).then(
      cube => {
        this.current = { version, cube };
      },
      error => {
        // With nothing to answer from, the use fails; otherwise the next
        // use reads again.
        if (!this.current) throw error;
      },
    );
    this.reading = {
      version,
      done: done.finally(() => {
        this.reading = undefined;
        const next = this.wanted;
        this.wanted = undefined;
        if (next && next !== version) this.read(next).catch(() => {});
      }),
    };
    return this.reading.done;
  }
}
