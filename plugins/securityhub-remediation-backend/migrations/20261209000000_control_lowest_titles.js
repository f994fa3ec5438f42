// @ts-check

/**
 * The lowest title seen per control, beside the highest. A control whose
 * findings have only ever carried one title (lowest = highest) lets a list
 * sorted by title be read a title at a time, from the counts per control, as
 * lists by severity, control or account are: a resource type's findings
 * sorted by title otherwise walked every title before theirs, or sorted all
 * of them (50–150 ms at a million findings). Kept by triggers of their own,
 * on insert and on a change of title or control; like the highest title, a
 * title that disappears stays until the counts are rebuilt.
 *
 * @param {import('knex').Knex} knex
 */

const TITLES = 'securityhub_control_titles';
const COLUMN = 'lowest_title';
const KEEP = 'securityhub_control_lowest_title';

/**
 * SQLite: the upsert of the new row's title, writing only when it moves an
 * end (a write per finding imported would slow every import).
 */
const sqliteKeep = (/** @type {boolean} */ highestToo) => {
  const set = [
    `${COLUMN} = min(coalesce(${COLUMN}, excluded.${COLUMN}), excluded.${COLUMN})`,
  ];
  const moved = [`${COLUMN} is null`, `excluded.${COLUMN} < ${COLUMN}`];
  if (highestToo) {
    set.push('title = max(title, excluded.title)');
    moved.push('excluded.title > title');
  }
  return `
    insert into ${TITLES} (control_id, title, ${COLUMN})
    select new.control_id, new.title, new.title where new.control_id <> ''
    on conflict (control_id) do update set ${set.join(', ')}
      where ${moved.join(' or ')};`;
};

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable(TITLES, table => table.text(COLUMN).nullable());
  await knex.raw(
    `update ${TITLES} set ${COLUMN} = (
       select min(f.title) from securityhub_findings f
        where f.control_id = ${TITLES}.control_id)`,
  );
  if (knex.client.dialect === 'postgresql') {
    await knex.raw(`
      create or replace function ${KEEP}() returns trigger
      language plpgsql as $$
      begin
        insert into ${TITLES} (control_id, title, ${COLUMN})
        select control_id, max(title), min(title) from new_rows
         where control_id <> '' group by control_id order by control_id
        on conflict (control_id) do update
          set ${COLUMN} = least(${TITLES}.${COLUMN}, excluded.${COLUMN})
          where ${TITLES}.${COLUMN} is null
             or excluded.${COLUMN} < ${TITLES}.${COLUMN};
        return null;
      end $$`);
    for (const event of ['insert', 'update']) {
      await knex.raw(`
        create trigger ${KEEP}_${event} after ${event} on securityhub_findings
        referencing new table as new_rows
        for each statement execute function ${KEEP}()`);
    }
    return;
  }
  await knex.raw(`
    create trigger ${KEEP}_insert after insert on securityhub_findings
    begin ${sqliteKeep(false)} end`);
  // Replaces the highest title's own update trigger: this keeps both.
  await knex.raw(`drop trigger if exists ${TITLES}_update`);
  await knex.raw(`
    create trigger ${TITLES}_update after update of title, control_id
    on securityhub_findings when old.title is not new.title
      or old.control_id is not new.control_id
    begin ${sqliteKeep(true)} end`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.dialect === 'postgresql') {
    for (const event of ['insert', 'update']) {
      await knex.raw(
        `drop trigger if exists ${KEEP}_${event} on securityhub_findings`,
      );
    }
    await knex.raw(`drop function if exists ${KEEP}()`);
  } else {
    await knex.raw(`drop trigger if exists ${KEEP}_insert`);
    await knex.raw(`drop trigger if exists ${TITLES}_update`);
    await knex.raw(`
      create trigger ${TITLES}_update after update of title, control_id
      on securityhub_findings when old.title is not new.title
        or old.control_id is not new.control_id
      begin
        insert into ${TITLES} (control_id, title)
        select new.control_id, new.title where new.control_id <> ''
        on conflict (control_id) do update set title = excluded.title
          where excluded.title > ${TITLES}.title;
      end`);
  }
  // In place: SQLite's rebuild of the table would trip over the triggers
  // that name it.
  await knex.raw(`alter table ${TITLES} drop column ${COLUMN}`);
};
