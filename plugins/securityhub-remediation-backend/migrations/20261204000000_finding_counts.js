// @ts-check

/**
 * Finding counts per combination of the summarized dimensions, kept current
 * by triggers on `securityhub_findings`. The findings summary and the list's
 * total read these rows (about 30,000 for a million demo findings) instead
 * of grouping every matching finding on every view.
 *
 * PostgreSQL: statement-level AFTER triggers with transition tables, so a
 * multi-row upsert or a COPY adjusts each touched count once. SQLite:
 * row-level triggers (it has no transition tables); an update touches the
 * counts only when a counted column changes.
 *
 * `securityhub_findings_version` changes with every write to the findings,
 * in the writing transaction: cached findings responses are keyed by it.
 * On PostgreSQL a BEFORE STATEMENT trigger bumps it, so every writing
 * transaction takes that one row lock first: writers of findings queue there
 * instead of deadlocking on count rows locked in different orders.
 *
 * NULL compliance status and resource type are stored as '' (key columns).
 * `securityhub_control_titles` keeps the largest title seen per control, kept
 * out of the counts rows so they stay narrow (a title that disappears stays
 * until a rebuild; control titles rarely change).
 *
 * @param {import('knex').Knex} knex
 */

const TABLE = 'securityhub_finding_counts';
const TITLES = 'securityhub_control_titles';
const VERSION = 'securityhub_findings_version';
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

/** @param {string} prefix */
const keyOf = prefix =>
  DIMENSIONS.map(d =>
    NULLABLE.has(d) ? `coalesce(${prefix}${d}, '')` : `${prefix}${d}`,
  ).join(', ');

const COLUMNS = DIMENSIONS.join(', ');

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  const keyColumns = DIMENSIONS.map(d => `${d} varchar(128) not null`);
  // SQLite: WITHOUT ROWID stores the rows in key order, so summaries scan
  // a few compact pages instead of a table interleaved with the findings.
  await knex.raw(
    `create table ${TABLE} (${keyColumns.join(', ')}, n bigint not null,
       primary key (${COLUMNS}))${
      knex.client.dialect === 'postgresql' ? '' : ' without rowid'
    }`,
  );
  // The summary's totals by status read this index in order (no sort).
  await knex.raw(
    `create index ${TABLE}_status_idx on ${TABLE}
       (severity, compliance_status, workflow_status, record_state, n)`,
  );
  await knex.schema.createTable(TITLES, table => {
    table.comment('The largest title seen per control (triggers)');
    table.string('control_id', 64).primary().notNullable();
    table.text('title').notNullable();
  });

  await knex.schema.createTable(VERSION, table => {
    table.comment('Changes with every write to securityhub_findings');
    table.integer('id').primary().notNullable();
    table.bigInteger('version').notNullable();
  });
  await knex(VERSION).insert({ id: 1, version: 1 });

  if (knex.client.dialect === 'postgresql') {
    await createPostgresTriggers(knex);
  } else {
    await createSqliteTriggers(knex);
  }

  await knex.raw(
    `insert into ${TABLE} (${COLUMNS}, n)
     select ${keyOf('')}, count(*) from securityhub_findings
     group by ${keyOf('')}`,
  );
  await knex.raw(
    `insert into ${TITLES} (control_id, title)
     select control_id, max(title) from securityhub_findings
     where control_id <> '' group by control_id`,
  );
};

/** @param {import('knex').Knex} knex */
async function createPostgresTriggers(knex) {
  const matches = DIMENSIONS.map(d => `c.${d} = d.${d}`).join(' and ');
  // Sorted by key: concurrent writers lock count rows in the same order.
  const upsert = (/** @type {string} */ delta) => `
    insert into ${TABLE} as c (${COLUMNS}, n)
    select ${COLUMNS}, n from (${delta}) delta
     where n <> 0 order by ${COLUMNS}
    on conflict (${COLUMNS}) do update set n = c.n + excluded.n;`;
  // Insert-or-skip, then update only larger titles: no lock on unchanged rows.
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
  const dropZeros = `
    delete from ${TABLE} c
     using (select distinct ${keyOf('')} from old_rows) d(${COLUMNS})
     where ${matches} and c.n <= 0;`;

  await knex.raw(`
    create function ${TABLE}_apply() returns trigger language plpgsql as $$
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
    end $$`);
  await knex.raw(`
    create function ${VERSION}_bump() returns trigger language plpgsql as $$
    begin
      update ${VERSION} set version = version + 1 where id = 1;
      return null;
    end $$`);
  await knex.raw(`
    create trigger ${VERSION}_bump
      before insert or update or delete or truncate on securityhub_findings
      for each statement execute function ${VERSION}_bump()`);
  await knex.raw(`
    create trigger ${TABLE}_insert after insert on securityhub_findings
      referencing new table as new_rows
      for each statement execute function ${TABLE}_apply()`);
  await knex.raw(`
    create trigger ${TABLE}_update after update on securityhub_findings
      referencing old table as old_rows new table as new_rows
      for each statement execute function ${TABLE}_apply()`);
  await knex.raw(`
    create trigger ${TABLE}_delete after delete on securityhub_findings
      referencing old table as old_rows
      for each statement execute function ${TABLE}_apply()`);
}

/** @param {import('knex').Knex} knex */
async function createSqliteTriggers(knex) {
  const values = (/** @type {string} */ row) =>
    DIMENSIONS.map(d =>
      NULLABLE.has(d) ? `coalesce(${row}.${d}, '')` : `${row}.${d}`,
    ).join(', ');
  const add = `
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
  const remove = `
    update ${TABLE} set n = n - 1 where ${oldKey};
    delete from ${TABLE} where ${oldKey} and n <= 0;`;
  const changed = DIMENSIONS.map(d => `old.${d} is not new.${d}`).join(' or ');

  await knex.raw(`
    create trigger ${TABLE}_insert after insert on securityhub_findings
    begin ${add} ${title} end`);
  await knex.raw(`
    create trigger ${TABLE}_update after update of ${COLUMNS}
    on securityhub_findings when ${changed}
    begin ${remove} ${add} end`);
  const bump = `update ${VERSION} set version = version + 1 where id = 1;`;
  for (const event of ['insert', 'update', 'delete']) {
    await knex.raw(`
      create trigger ${VERSION}_${event} after ${event} on securityhub_findings
      begin ${bump} end`);
  }
  await knex.raw(`
    create trigger ${TITLES}_update after update of title, control_id
    on securityhub_findings when old.title is not new.title
      or old.control_id is not new.control_id
    begin ${title} end`);
  await knex.raw(`
    create trigger ${TABLE}_delete after delete on securityhub_findings
    begin ${remove} end`);
}

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.dialect === 'postgresql') {
    await knex.raw(
      `drop trigger if exists ${VERSION}_bump on securityhub_findings`,
    );
    await knex.raw(`drop function if exists ${VERSION}_bump()`);
  } else {
    await knex.raw(`drop trigger if exists ${TITLES}_update`);
    for (const event of ['insert', 'update', 'delete']) {
      await knex.raw(`drop trigger if exists ${VERSION}_${event}`);
    }
  }
  for (const event of ['insert', 'update', 'delete']) {
    await knex.raw(
      knex.client.dialect === 'postgresql'
        ? `drop trigger if exists ${TABLE}_${event} on securityhub_findings`
        : `drop trigger if exists ${TABLE}_${event}`,
    );
  }
  if (knex.client.dialect === 'postgresql') {
    await knex.raw(`drop function if exists ${TABLE}_apply()`);
  }
  await knex.schema.dropTable(VERSION);
  await knex.schema.dropTable(TITLES);
  await knex.schema.dropTable(TABLE);
};
