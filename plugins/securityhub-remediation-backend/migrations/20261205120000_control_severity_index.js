// @ts-check

/**
 * Findings of one control in severity order — the list behind every
 * control of the summary — read in index order instead of sorting every
 * finding of the control (~40 ms at a million findings). It replaces the
 * (control, pk) index: a sort by control still reads controls in order and
 * sorts within each.
 *
 * A PostgreSQL first load that stopped mid-way may have dropped the old
 * index and written it down to build again; it is forgotten here too.
 *
 * @param {import('knex').Knex} knex
 */

const OLD = 'securityhub_findings_control_idx';
const NEW = 'securityhub_findings_control_severity_idx';

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.raw(`drop index if exists ${OLD}`);
  await knex('securityhub_deferred_indexes').where('name', OLD).delete();
  await knex.raw(
    `create index if not exists ${NEW}
       on securityhub_findings (control_id, severity_rank, pk)`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(`drop index if exists ${NEW}`);
  await knex('securityhub_deferred_indexes').where('name', NEW).delete();
  await knex.raw(
    `create index if not exists ${OLD} on securityhub_findings (control_id, pk)`,
  );
};
