// @ts-check

/**
 * Findings in title order: a list sorted by title read in index order
 * instead of sorting every matching finding (300–400 ms at a million
 * findings, on every page).
 *
 * @param {import('knex').Knex} knex
 */

const INDEX = 'securityhub_findings_title_idx';

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.raw(
    `create index if not exists ${INDEX} on securityhub_findings (title, pk)`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(`drop index if exists ${INDEX}`);
  await knex('securityhub_deferred_indexes').where('name', INDEX).delete();
};
