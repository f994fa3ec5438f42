// @ts-check

/**
 * Counts rows stamped with the data version at which they last changed
 * (`changed_at`), and kept at zero instead of deleted when they empty: the
 * backend keeps the counts in memory and, on a new data version, reads only
 * the rows changed since the version it holds — a new version no longer
 * means reading the whole table again (~660,000 rows at a million findings
 * over a thousand accounts).
 *
 * The stamp must be above every version a reader could have seen before
 * the change commits. PostgreSQL: the BEFORE STATEMENT trigger has already
 * moved the version on in the writing transaction, so the stamp is the
 * current version. SQLite: row triggers fire in no guaranteed order, so the
 * stamp is the version plus one, whether or not the version trigger ran
 * first (a stamp a little high only means the row is read once more).
 *
 * @param {import('knex').Knex} knex
 */

const TABLE = 'securityhub_finding_counts';
const TITLES = 'securityhub_control_titles';
const VERSION = 'securityhub_findings_version';
const CHANGED = 'changed_at';
const DIMENSIONS = [
  'aws_account_id',
  'region',
  'control_id',
  'resource_type',
  'severity',
  'compliance_status',
  'workflow_status',
  'record_state',
];
const NULLABLE = new Set(['compliance_status', 'resource_type']);
const COLUMNS = DIMENSIONS.join(', ');

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.raw(
    `alter table ${TABLE} add column ${CHANGED} bigint not null default 0`,
  );
  // The key after the stamp: a catch-up reads the changed rows in this
  // order, a chunk at a time, without sorting them.
  await knex.raw(
    `create index ${TABLE}_${CHANGED}_idx on ${TABLE} (${CHANGED}, ${COLUMNS})`,
  );
  if (knex.client.dialect === 'postgresql') {
    await knex.raw(postgresApply({ stamped: true }));
  } else {
    await replaceSqliteTriggers(knex, { stamped: true });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.dialect === 'postgresql') {
    await knex.raw(postgresApply({ stamped: false }));
  } else {
    await replaceSqliteTriggers(knex, { stamped: false });
  }
  await knex.raw(`delete from ${TABLE} where n <= 0`);
  await knex.raw(`drop index ${TABLE}_${CHANGED}_idx`);
  await knex.raw(`alter table ${TABLE} drop column ${CHANGED}`);
};

/**
 * The statement-level function of the counts triggers; `stamped: false` is
 * the one migration 20261204000000 made (zero rows deleted, no stamp).
 *
 * @param {{ stamped: boolean }} options
 */
function postgresApply({ stamped }) {
  const matches = DIMENSIONS.map(d => `c.${d} = d.${d}`).join(' and ');
  const keyOf = DIMENSIONS.map(d =>
    NULLABLE.has(d) ? `coalesce(${d}, '')` : d,
  ).join(', ');
  // Sorted by key: concurrent writers lock count rows in the same order.
  const upsert = (/** @type {string} */ delta) =>
    stamped
      ? `
    insert into ${TABLE} as c (${COLUMNS}, n, ${CHANGED})
    select ${COLUMNS}, n, stamp from (${delta}) delta
     where n <> 0 order by ${COLUMNS}
    on conflict (${COLUMNS}) do update
      set n = c.n + excluded.n, ${CHANGED} = excluded.${CHANGED};`
      : `
    insert into ${TABLE} as c (${COLUMNS}, n)
    select ${COLUMNS}, n from (${delta}) delta
     where n <> 0 order by ${COLUMNS}
    on conflict (${COLUMNS}) do update set n = c.n + excluded.n;`;
  const titles = `
    insert into ${TITLES} (control_id, title)
    select control_id, max(title) from new_rows
     where control_id <> '' group by control_id order by control_id
    on conflict (control_id) do nothing;
    update ${TITLES} t set title = d.title
      from (select control_id, max(title) as title from new_rows
             where control_id <> '' group by control_id) d
     where t.control_id = d.control_id and t.title < d.title;`;
  const named = `select ${DIMENSIONS.map((d, i) => `k${i} as ${d}`).join(
    ', ',
  )}, n from`;
  const keyed = (/** @type {string} */ rows, /** @type {string} */ sign) =>
    `${named} (select ${DIMENSIONS.map(
      (d, i) => `${NULLABLE.has(d) ? `coalesce(${d}, '')` : d} as k${i}`,
    ).join(', ')}, ${sign}1 as n from ${rows}) r`;
  const summed = (/** @type {string} */ inner) =>
    `select ${COLUMNS}, sum(n) as n from (${inner}) s group by ${COLUMNS}`;
  const dropZeros = stamped
    ? ''
    : `
    delete from ${TABLE} c
     using (select distinct ${keyOf} from old_rows) d(${COLUMNS})
     where ${matches} and c.n <= 0;`;
  return `
    create or replace function ${TABLE}_apply() returns trigger
    language plpgsql as $$
    declare
      stamp bigint := (select version from ${VERSION} where id = 1);
    begin
      if tg_op = 'INSERT' then
        ${upsert(summed(keyed('new_rows', '+')))}
        ${titles}
      elsif tg_op = 'DELETE' then
        ${upsert(summed(keyed('old_rows', '-')))}
        ${dropZeros}
      else
        ${upsert(
          summed(
            `${keyed('new_rows', '+')} union all ${keyed('old_rows', '-')}`,
          ),
        )}
        ${dropZeros}
        ${titles}
      end if;
      return null;
    end $$`;
}

/**
 * Replaces the SQLite row triggers that keep the counts; `stamped: false`
 * restores the ones migration 20261204000000 made.
 *
 * @param {import('knex').Knex} knex
 * @param {{ stamped: boolean }} options
 */
async function replaceSqliteTriggers(knex, { stamped }) {
  const values = (/** @type {string} */ row) =>
    DIMENSIONS.map(d =>
      NULLABLE.has(d) ? `coalesce(${row}.${d}, '')` : `${row}.${d}`,
    ).join(', ');
  const stamp = `(select version + 1 from ${VERSION} where id = 1)`;
  const add = stamped
    ? `
    insert into ${TABLE} (${COLUMNS}, n, ${CHANGED})
    values (${values('new')}, 1, ${stamp})
    on conflict (${COLUMNS}) do update
      set n = n + 1, ${CHANGED} = excluded.${CHANGED};`
    : `
    insert into ${TABLE} (${COLUMNS}, n) values (${values('new')}, 1)
    on conflict (${COLUMNS}) do update set n = n + 1;`;
  const title = `
    insert into ${TITLES} (control_id, title)
    select new.control_id, new.title where new.control_id <> ''
    on conflict (control_id) do update set title = excluded.title
      where excluded.title > ${TITLES}.title;`;
  const oldKey = DIMENSIONS.map(
    d => `${d} = ${NULLABLE.has(d) ? `coalesce(old.${d}, '')` : `old.${d}`}`,
  ).join(' and ');
  const remove = stamped
    ? `
    update ${TABLE} set n = n - 1, ${CHANGED} = ${stamp} where ${oldKey};`
    : `
    update ${TABLE} set n = n - 1 where ${oldKey};
    delete from ${TABLE} where ${oldKey} and n <= 0;`;
  const changed = DIMENSIONS.map(d => `old.${d} is not new.${d}`).join(' or ');

  for (const event of ['insert', 'update', 'delete']) {
    await knex.raw(`drop trigger if exists ${TABLE}_${event}`);
  }
  await knex.raw(`
    create trigger ${TABLE}_insert after insert on securityhub_findings
    begin ${add} ${title} end`);
  await knex.raw(`
    create trigger ${TABLE}_update after update of ${COLUMNS}
    on securityhub_findings when ${changed}
    begin ${remove} ${add} end`);
  await knex.raw(`
    create trigger ${TABLE}_delete after delete on securityhub_findings
    begin ${remove} end`);
}
