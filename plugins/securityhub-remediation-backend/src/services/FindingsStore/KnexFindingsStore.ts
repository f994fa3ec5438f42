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
  DOCUMENTS_TABLE,
  FINDINGS_TABLE,
  fromFindingRow,
  toFindingRow,
  type FindingRow,
} from './rows';
import { summarize } from './summary';
import { fromSyncStateRow, toSyncStateRow } from './syncStateRows';

/** Rows per INSERT: 28 columns × 400 stays under SQLite's 32,766 bind variables. */
const ROWS_PER_STATEMENT = 400;

/** Columns an upsert replaces; first_seen_at is kept from the first write. */
const MERGED_COLUMNS: Array<keyof FindingRow> = [
  'source_id',
  'aws_account_id',
  'region',
  'product_arn',
  'generator_id',
  'control_id',
  'title',
  'description',
  'severity',
  'severity_rank',
  'compliance_status',
  'workflow_status',
  'record_state',
  'resource_type',
  'resource_id',
  'resources_json',
  'remediation_text',
  'remediation_url',
  'created_at',
  'updated_at',
  'first_observed_at',
  'last_observed_at',
  'last_seen_at',
  'search_text',
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
    const byId = new Map<string, { row: FindingRow; raw: AsffFinding }>();
    for (const raw of findings) {
      const row = toFindingRow(normalizeAsffFinding(raw), sourceId, seen);
      const existing = byId.get(row.id);
      if (!existing || existing.row.updated_at <= row.updated_at) {
        byId.set(row.id, { row, raw });
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
        await trx(DOCUMENTS_TABLE)
          .insert(
            chunk
              .filter(e => writtenIds.has(e.row.id))
              .map(e => ({
                finding_id: e.row.id,
                document: JSON.stringify(e.raw),
              })),
          )
          .onConflict('finding_id')
          .merge(['document']);
      }
    });
    return { written, maxUpdatedAt };
  }

  private upsertRows(trx: Knex.Transaction, rows: FindingRow[]) {
    const merge: Record<string, Knex.Raw> = {};
    for (const name of MERGED_COLUMNS) {
      merge[name] = trx.raw('excluded.??', [name]);
    }
    // Resolved at: null while open, else the earliest time it was seen resolved.
    merge.resolved_at = trx.raw(
      `case when excluded.resolved_at is null then null
            else coalesce(??, excluded.resolved_at) end`,
      [`${FINDINGS_TABLE}.resolved_at`],
    );
    return trx(FINDINGS_TABLE)
      .insert(rows)
      .onConflict('id')
      .merge(merge)
      .where(
        `${FINDINGS_TABLE}.updated_at`,
        '<=',
        trx.raw('excluded.updated_at'),
      )
      .returning('id');
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
    return {
      items: items.map(fromFindingRow),
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
    return summarize(() => this.scoped(filter, scope), this.db);
  }

  async get(
    id: string,
    scope: FindingScope,
  ): Promise<FindingDetail | undefined> {
    const row = await applyScope(
      this.db(FINDINGS_TABLE)
        .leftJoin(DOCUMENTS_TABLE, 'finding_id', `${FINDINGS_TABLE}.id`)
        .where(`${FINDINGS_TABLE}.id`, id)
        .select(`${FINDINGS_TABLE}.*`, `${DOCUMENTS_TABLE}.document`),
      scope,
    ).first();
    return row ? withDocument(row) : undefined;
  }

  async getMany(ids: string[]): Promise<Array<FindingDetail | undefined>> {
    const rows: Array<FindingRow & { document: string | null }> = await this.db(
      FINDINGS_TABLE,
    )
      .leftJoin(DOCUMENTS_TABLE, 'finding_id', `${FINDINGS_TABLE}.id`)
      .whereIn(`${FINDINGS_TABLE}.id`, ids)
      .select(`${FINDINGS_TABLE}.*`, `${DOCUMENTS_TABLE}.document`);
    const byId = new Map(rows.map(r => [r.id, withDocument(r)]));
    return ids.map(id => byId.get(id));
  }

  async count(): Promise<number> {
    const row = await this.db(FINDINGS_TABLE).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
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
  row: FindingRow & { document: string | null },
): FindingDetail {
  return {
    ...fromFindingRow(row),
    raw: row.document ? JSON.parse(row.document) : {},
  } as FindingDetail;
}
