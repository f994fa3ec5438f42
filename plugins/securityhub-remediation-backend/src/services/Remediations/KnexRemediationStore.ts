import type { Knex } from 'knex';
import {
  isTerminalRemediationStatus,
  REMEDIATION_STATUSES,
  TERMINAL_REMEDIATION_STATUSES,
  type RemediationEvent,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingScope } from '../FindingsStore';
import {
  IdempotencyKeyUsedError,
  OpenRemediationExistsError,
  RemediationVersionConflictError,
  type NewRemediationRecord,
  type RemediationListQuery,
  type RemediationPatch,
  type RemediationRecord,
  type RemediationRecordsPage,
  type RemediationStore,
} from './RemediationStore';
import {
  fromEventRow,
  fromRow,
  REMEDIATION_EVENTS_TABLE,
  REMEDIATIONS_TABLE,
  toEventRow,
  toInsertRow,
  toPatchColumns,
  type RemediationEventRow,
  type RemediationRow,
} from './remediationRows';
import {
  applyRemediationScope,
  decodeRemediationCursor,
  encodeRemediationCursor,
} from './remediationScope';

const column = (name: keyof RemediationRow) => `${REMEDIATIONS_TABLE}.${name}`;
const OPEN_STATUSES = REMEDIATION_STATUSES.filter(
  s => !isTerminalRemediationStatus(s),
);

/** Which unique key a failed insert or update ran into, if any. */
function uniqueKeyViolated(
  error: unknown,
): 'open_finding_id' | 'idempotency_key' | undefined {
  const e = error as { code?: string; constraint?: string; message?: string };
  // PostgreSQL names the constraint; SQLite names the column after the
  // statement text (which lists every column, so match the failure itself).
  const key =
    e?.code === '23505'
      ? e.constraint
      : /UNIQUE constraint failed: remediations\.(\w+)/.exec(
          e?.message ?? '',
        )?.[1];
  if (key === 'remediations_open_finding_key' || key === 'open_finding_id') {
    return 'open_finding_id';
  }
  if (key === 'remediations_idempotency_key' || key === 'idempotency_key') {
    return 'idempotency_key';
  }
  return undefined;
}

/** Remediation records on the plugin's database (SQLite or PostgreSQL). */
export class KnexRemediationStore implements RemediationStore {
  constructor(private readonly db: Knex) {}

  async insert(
    record: NewRemediationRecord,
    events: RemediationEvent[],
  ): Promise<RemediationRecord> {
    try {
      await this.db.transaction(async trx => {
        await trx(REMEDIATIONS_TABLE).insert(toInsertRow(record));
        await this.appendEvents(trx, record.id, events);
      });
    } catch (error) {
      throw await this.conflictOf(
        error,
        record.findingId,
        record.idempotencyKey,
      );
    }
    return (await this.get(record.id, undefined))!;
  }

  async get(
    id: string,
    scope: FindingScope,
  ): Promise<RemediationRecord | undefined> {
    const row: RemediationRow | undefined = await applyRemediationScope(
      this.db(REMEDIATIONS_TABLE).where(column('id'), id),
      scope,
    ).first();
    return row ? fromRow(row) : undefined;
  }

  async events(id: string): Promise<RemediationEvent[]> {
    const rows: RemediationEventRow[] = await this.db(REMEDIATION_EVENTS_TABLE)
      .where('remediation_id', id)
      .orderBy('id');
    return rows.map(fromEventRow);
  }

  async findByIdempotencyKey(
    key: string,
  ): Promise<RemediationRecord | undefined> {
    const row = await this.db(REMEDIATIONS_TABLE)
      .where('idempotency_key', key)
      .first();
    return row ? fromRow(row) : undefined;
  }

  async findOpen(findingId: string): Promise<RemediationRecord | undefined> {
    const row = await this.db(REMEDIATIONS_TABLE)
      .where('open_finding_id', findingId)
      .first();
    return row ? fromRow(row) : undefined;
  }

  async list(
    query: RemediationListQuery,
    scope: FindingScope,
  ): Promise<RemediationRecordsPage> {
    const filtered = () => {
      const q = applyRemediationScope(this.db(REMEDIATIONS_TABLE), scope);
      if (query.findingId) q.where(column('finding_id'), query.findingId);
      if (query.accountId) q.where(column('aws_account_id'), query.accountId);
      if (query.status) q.where(column('status'), query.status);
      if (query.open === true) q.whereIn(column('status'), OPEN_STATUSES);
      if (query.open === false) {
        q.whereIn(column('status'), [...TERMINAL_REMEDIATION_STATUSES]);
      }
      return q;
    };
    const page = filtered().select(`${REMEDIATIONS_TABLE}.*`);
    if (query.cursor) {
      const after = decodeRemediationCursor(query.cursor);
      page.whereRaw('(??, ??) < (?, ?)', [
        column('created_at'),
        column('id'),
        after.c,
        after.i,
      ]);
    }
    page
      .orderBy(column('created_at'), 'desc')
      .orderBy(column('id'), 'desc')
      .limit(query.limit + 1);
    const [rows, total] = await Promise.all([
      page as Promise<RemediationRow[]>,
      filtered().count({ n: '*' }).first(),
    ]);
    const items = rows.slice(0, query.limit).map(fromRow);
    const last = items[items.length - 1];
    return {
      items,
      totalCount: Number(total?.n ?? 0),
      ...(rows.length > query.limit
        ? { nextCursor: encodeRemediationCursor(last.createdAt, last.id) }
        : {}),
    };
  }

  async update(
    id: string,
    expectedVersion: number,
    patch: RemediationPatch,
    events: RemediationEvent[],
  ): Promise<RemediationRecord> {
    let findingId = '';
    try {
      await this.db.transaction(async trx => {
        const current: Pick<RemediationRow, 'finding_id'> | undefined =
          await trx(REMEDIATIONS_TABLE).where({ id }).first('finding_id');
        if (!current)
          throw new RemediationVersionConflictError(id, expectedVersion);
        findingId = current.finding_id;
        const changed = await trx(REMEDIATIONS_TABLE)
          .where({ id, version: expectedVersion })
          .update({
            ...toPatchColumns(patch, findingId),
            updated_at: patch.updatedAt ?? new Date().toISOString(),
            version: expectedVersion + 1,
          });
        if (changed !== 1) {
          throw new RemediationVersionConflictError(id, expectedVersion);
        }
        await this.appendEvents(trx, id, events);
      });
    } catch (error) {
      throw await this.conflictOf(error, findingId, undefined);
    }
    return (await this.get(id, undefined))!;
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction(async trx => {
      // Explicitly: SQLite enforces the cascade only with foreign keys on.
      await trx(REMEDIATION_EVENTS_TABLE).where('remediation_id', id).delete();
      await trx(REMEDIATIONS_TABLE).where({ id }).delete();
    });
  }

  async claimDue(
    now: Date,
    owner: string,
    leaseMs: number,
    limit: number,
  ): Promise<RemediationRecord[]> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const leaseFree = (q: Knex.QueryBuilder) =>
      q.whereNull('lease_until').orWhere('lease_until', '<=', at);
    return this.db.transaction(async trx => {
      const due = trx(REMEDIATIONS_TABLE)
        .select('id')
        .whereNotNull('next_check_at')
        .where('next_check_at', '<=', at)
        .where(leaseFree)
        .orderBy('next_check_at')
        .limit(limit);
      // PostgreSQL: rows another claimer holds are skipped, not waited for.
      // SQLite has one writer at a time, so the conditional update suffices.
      if (trx.client.dialect === 'postgresql') due.forUpdate().skipLocked();
      const ids = ((await due) as Array<{ id: string }>).map(r => r.id);
      if (ids.length === 0) return [];
      await trx(REMEDIATIONS_TABLE)
        .whereIn('id', ids)
        .where(leaseFree)
        .update({ lease_owner: owner, lease_until: until });
      const rows: RemediationRow[] = await trx(REMEDIATIONS_TABLE)
        .whereIn('id', ids)
        .where({ lease_owner: owner })
        .orderBy('next_check_at');
      return rows
        .filter(r => new Date(r.lease_until!).toISOString() === until)
        .map(fromRow);
    });
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db(REMEDIATIONS_TABLE)
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_until: null });
  }

  private async appendEvents(
    trx: Knex.Transaction,
    id: string,
    events: RemediationEvent[],
  ): Promise<void> {
    if (events.length === 0) return;
    await trx(REMEDIATION_EVENTS_TABLE).insert(
      events.map(e => toEventRow(id, e)),
    );
  }

  /** Turns a unique-key violation into the typed error naming the existing record. */
  private async conflictOf(
    error: unknown,
    findingId: string,
    idempotencyKey: string | undefined,
  ): Promise<unknown> {
    const key = uniqueKeyViolated(error);
    if (key === 'open_finding_id') {
      const open = await this.findOpen(findingId);
      return new OpenRemediationExistsError(findingId, open?.id);
    }
    if (key === 'idempotency_key' && idempotencyKey) {
      const first = await this.findByIdempotencyKey(idempotencyKey);
      return new IdempotencyKeyUsedError(first?.id);
    }
    return error;
  }
}
