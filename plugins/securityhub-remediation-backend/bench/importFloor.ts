import type { Knex } from 'knex';
import {
  prepareFinding,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import { copyRows } from '../src/services/FindingsStore/copyRows';
import {
  DETAIL_COLUMNS,
  ROW_COLUMNS,
} from '../src/services/FindingsStore/findingColumns';
import {
  DETAILS_TABLE,
  FINDINGS_TABLE,
  toFindingDetailRow,
  toFindingRow,
} from '../src/services/FindingsStore/rows';

const FLOOR_SCHEMA = 'import_floor';

/** CPU seconds so far of this process (all its threads) and of the database server. */
export interface CpuSeconds {
  backend: number;
  server: number;
}

/** CPU seconds used since `before`. */
export function cpuSince(
  cpu: () => CpuSeconds,
  before: CpuSeconds,
): CpuSeconds {
  const now = cpu();
  return {
    backend: now.backend - before.backend,
    server: now.server - before.server,
  };
}

/**
 * The fastest PostgreSQL can take the same findings: their prepared rows
 * COPYed into empty tables of the store's schema without any index, then
 * every index and constraint of the store built once. Parsing and
 * preparing the rows is not timed. Needs a migrated database.
 */
export async function measureImportFloor(
  knex: Knex,
  findings: AsffFinding[],
  cpu: () => CpuSeconds,
): Promise<{ seconds: number; perSecond: number; cpu: CpuSeconds }> {
  const seen = new Date().toISOString();
  const rows = findings
    .map(prepareFinding)
    .map(({ normalized, document }, i) => ({
      row: { pk: i + 1, ...toFindingRow(normalized, 'bench', seen) },
      detail: {
        finding_pk: i + 1,
        ...toFindingDetailRow(normalized, document),
      },
    }));
  const tables = [FINDINGS_TABLE, DETAILS_TABLE];
  const { rows: indexes } = await knex.raw(
    `select pg_get_indexdef(x.indexrelid) as ddl
       from pg_index x join pg_class t on t.oid = x.indrelid
      where t.relname = any(?) and t.relnamespace = 'public'::regnamespace
      order by t.relname desc`,
    [tables],
  );
  const { rows: foreignKeys } = await knex.raw(
    `select c.conrelid::regclass::text as "table", pg_get_constraintdef(c.oid) as ddl
       from pg_constraint c
      where c.contype = 'f' and c.conrelid = any(?::regclass[])`,
    [tables],
  );

  await knex.raw(`drop schema if exists ${FLOOR_SCHEMA} cascade`);
  await knex.raw(`create schema ${FLOOR_SCHEMA}`);
  for (const table of tables) {
    await knex.raw(
      `create table ${FLOOR_SCHEMA}.${table} (like public.${table} including defaults)`,
    );
  }
  const cpuBefore = cpu();
  const start = performance.now();
  await knex.transaction(async trx => {
    await trx.raw(`set local search_path = ${FLOOR_SCHEMA}, public`);
    await trx.raw(`set local maintenance_work_mem = '256MB'`);
    await copyRows(
      trx,
      FINDINGS_TABLE,
      ['pk', ...ROW_COLUMNS],
      rows.map(r => r.row),
    );
    await copyRows(
      trx,
      DETAILS_TABLE,
      DETAIL_COLUMNS,
      rows.map(r => r.detail),
    );
    for (const { ddl } of indexes) {
      await trx.raw(ddl.replace(' ON public.', ` ON ${FLOOR_SCHEMA}.`));
    }
    for (const fk of foreignKeys) {
      await trx.raw(
        `alter table ${FLOOR_SCHEMA}.${fk.table} add ${fk.ddl.replace(
          'REFERENCES ',
          `REFERENCES ${FLOOR_SCHEMA}.`,
        )}`,
      );
    }
  });
  const seconds = (performance.now() - start) / 1000;
  const used = cpuSince(cpu, cpuBefore);
  await knex.raw(`drop schema ${FLOOR_SCHEMA} cascade`);
  return {
    seconds,
    perSecond: Math.round(findings.length / seconds),
    cpu: used,
  };
}
