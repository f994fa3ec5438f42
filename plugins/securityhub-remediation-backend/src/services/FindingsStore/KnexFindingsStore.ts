import type { Knex } from 'knex';
import {
  type AsffFinding,
  type FindingDetail,
  type FindingsFilter,
  type FindingsListQuery,
  type FindingsPage,
  type FindingsSummary,
  type SourceSyncStatus,
  normalizeAsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingsStore, UpsertResult } from './FindingsStore';
import { applyFilter, applyScope, type FindingScope } from './filters';
import { decodeCursor, encodeCursor, sortColumnSql } from './cursor';
import {
  DETAILS_TABLE,
  FINDINGS_TABLE,
  fromFindingRows,
  toFindingDetailRow,
  toFindingRow,
  type FindingDetailRow,
  type FindingRow,
} from './rows';
import { summarize } from './summary';
import { upsertStatement } from './upsertStatement';
import { fromSyncStateRow, toSyncStateRow } from './syncStateRows';

/** Rows per INSERT: 21 columns × 500 stays under SQLite's 32,766 bind variables. */
const ROWS_PER_STATEMENT = 500;

/** Columns an upsert replaces; first_seen_at is kept from the first write. */
const MERGED_COLUMNS: Array<keyof FindingRow> = [
  'source_id',
  'aws_account_id',
  'region',
  'control_id',
  'title',
  'severity',
  'severity_rank',
  'compliance_status',
  'workflow_status',
  'record_state',
  'resource_type',
  'resource_id',
  'created_at',
  'updated_at',
  'first_observed_at',
  'last_observed_at',
  'last_seen_at',
  'search_text',
];

const DETAIL_COLUMNS: Array<keyof FindingDetailRow> = [
  'product_arn',
  'generator_id',
  'description',
  'resources_json',
  'remediation_text',
  'remediation_url',
  'document',
];

/** Findings store on the plugin's database (SQLite or PostgreSQL). */
export class KnexFindingsStore implements FindingsStore {
  constructor(private readonly db: Knex) {}

  async upsertBatch(
    findings: AsffFinding[],
    sourceId: string,
    seenAt: Date = new Date(),
  ): Promise<UpsertResult> {
    if (findings.length === 0) return { written: 0, maxUpdatedAt: null };
    const seen = seenAt.toISOString();
    // The newest version wins inside a batch too.
    const byId = new Map<
      string,
      { row: FindingRow; detail: FindingDetailRow }
    >();
    for (const raw of findings) {
      const normalized = normalizeAsffFinding(raw);
      const row = toFindingRow(normalized, sourceId, seen);
      const existing = byId.get(row.id);
      if (!existing || existing.row.updated_at <= row.updated_at) {
        byId.set(row.id, { row, detail: toFindingDetailRow(normalized, raw) });
      }
    }
    const entries = [...byId.values()];
    let maxUpdatedAt: string | null = null;
    for (const { row } of entries) {
      const updated = row.updated_at as string;
      if (!maxUpdatedAt || updated > maxUpdatedAt) maxUpdatedAt = updated;
    }

    let written = 0;
    await this.db.transaction(async trx => {
      for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) {
        const chunk = entries.slice(i, i + ROWS_PER_STATEMENT);
        const ids: Array<{ id: string }> = await this.upsertRows(
          trx,
          chunk.map(e => e.row),
        );
        if (ids.length === 0) continue;
        written += ids.length;
        const writtenIds = new Set(ids.map(r => r.id));
        const details = chunk
          .filter(e => writtenIds.has(e.row.id))
          .map(e => e.detail);
        // 8 columns: a statement per 2,000 rows stays under the bind limit.
        for (let j = 0; j < details.length; j += 2000) {
          await upsertStatement(trx, {
            table: DETAILS_TABLE,
            rows: details.slice(j, j + 2000),
            conflictColumn: 'finding_id',
            set: DETAIL_COLUMNS.map(name => [name, `excluded.${name}`]),
          });
        }
      }
    });
    return { written, maxUpdatedAt };
  }

  private async upsertRows(
    trx: Knex.Transaction,
    rows: FindingRow[],
  ): Promise<Array<{ id: string }>> {
    const set: Array<[string, string]> = MERGED_COLUMNS.map(name => [
      name,
      `excluded.${name}`,
    ]);
    // Resolved at: null while open, else the earliest time it was seen resolved.
    set.push([
      'resolved_at',
      `case when excluded.resolved_at is null then null
            else coalesce(${FINDINGS_TABLE}.resolved_at, excluded.resolved_at) end`,
    ]);
    const result = await upsertStatement(trx, {
      table: FINDINGS_TABLE,
      rows,
      conflictColumn: 'id',
      set,
      // An older copy (a stale export, a re-read page) never rolls a finding back.
      where: `${FINDINGS_TABLE}.updated_at <= excluded.updated_at`,
      returning: 'id',
    });
    // PostgreSQL answers { rows }, better-sqlite3 an array.
    return Array.isArray(result) ? result : result.rows;
  }

  async list(
    query: FindingsListQuery,
    scope: FindingScope,
  ): Promise<FindingsPage> {
    const { sort, order, limit, cursor, ...filter } = query;
    const sortColumn = sortColumnSql(sort);
    const idColumn = `${FINDINGS_TABLE}.id`;

    const page = this.scoped(filter, scope).select(`${FINDINGS_TABLE}.*`);
    if (cursor) {
      const after = decodeCursor(cursor, sort, order);
      // Row-value comparison: one index range scan on (sort column, id).
      page.whereRaw(`(??, ??) ${order === 'desc' ? '<' : '>'} (?, ?)`, [
        sortColumn,
        idColumn,
        after.v,
        after.id,
      ]);
    }
    page
      .orderBy(sortColumn, order)
      .orderBy(idColumn, order)
      .limit(limit + 1);

    const [rows, total] = await Promise.all([
      page as Promise<FindingRow[]>,
      this.scoped(filter, scope).count({ n: '*' }).first(),
    ]);
    const hasMore = rows.length > limit;
    const items = rows.slice(0, limit);
    const details = await this.details(items.map(r => r.id));
    return {
      items: items.map(r => fromFindingRows(r, details.get(r.id))),
      totalCount: Number(total?.n ?? 0),
      nextCursor: hasMore
        ? encodeCursor(sort, order, items[items.length - 1])
        : null,
    };
  }

  summary(
    filter: FindingsFilter,
    scope: FindingScope,
  ): Promise<FindingsSummary> {
    return summarize(() => this.scoped(filter, scope));
  }

  async get(
    id: string,
    scope: FindingScope,
  ): Promise<FindingDetail | undefined> {
    const row: FindingRow | undefined = await applyScope(
      this.db(FINDINGS_TABLE).where(`${FINDINGS_TABLE}.id`, id),
      scope,
    ).first();
    if (!row) return undefined;
    return withDocument(row, (await this.details([id])).get(id));
  }

  async getMany(ids: string[]): Promise<Array<FindingDetail | undefined>> {
    const rows: FindingRow[] = await this.db(FINDINGS_TABLE).whereIn('id', ids);
    const details = await this.details(ids);
    const byId = new Map(
      rows.map(r => [r.id, withDocument(r, details.get(r.id))]),
    );
    return ids.map(id => byId.get(id));
  }

  private async details(ids: string[]): Promise<Map<string, FindingDetailRow>> {
    if (ids.length === 0) return new Map();
    const rows: FindingDetailRow[] = await this.db(DETAILS_TABLE).whereIn(
      'finding_id',
      ids,
    );
    return new Map(rows.map(r => [r.finding_id, r]));
  }

  async count(): Promise<number> {
    const row = await this.db(FINDINGS_TABLE).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  async refreshStatistics(): Promise<void> {
    await this.db.raw(`analyze ${FINDINGS_TABLE}`);
  }

  async getSyncStates(): Promise<SourceSyncStatus[]> {
    const rows = await this.db('securityhub_sync_state').orderBy('source_id');
    return rows.map(fromSyncStateRow);
  }

  async putSyncState(state: SourceSyncStatus): Promise<void> {
    await this.db('securityhub_sync_state')
      .insert(toSyncStateRow(state))
      .onConflict('source_id')
      .merge();
  }

  private scoped(filter: FindingsFilter, scope: FindingScope) {
    return applyScope(applyFilter(this.db(FINDINGS_TABLE), filter), scope);
  }
}

function withDocument(
  row: FindingRow,
  detail: FindingDetailRow | undefined,
): FindingDetail {
  return {
    ...fromFindingRows(row, detail),
    raw: detail ? JSON.parse(detail.document) : {},
  } as FindingDetail;
}
