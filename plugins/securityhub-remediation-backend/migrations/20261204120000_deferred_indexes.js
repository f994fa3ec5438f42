// @ts-check

/**
 * Secondary indexes of the findings table that a first load on PostgreSQL
 * dropped and builds again when it ends. They are written down before they
 * are dropped, so a backend that stops mid-load builds them at its next
 * start (see `restoreDeferredIndexes`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('securityhub_deferred_indexes', table => {
    table.comment('Findings indexes a first load dropped, with their DDL');
    table.string('name', 128).primary();
    table.text('ddl').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('securityhub_deferred_indexes');
};
