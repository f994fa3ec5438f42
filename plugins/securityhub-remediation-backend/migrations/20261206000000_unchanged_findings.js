// @ts-check

/**
 * A sync run writes only what changed.
 *
 * `content_hash` (SHA-256 of the finding's document) lets an upsert skip a
 * finding whose version and content are the ones stored, so re-reading an
 * unchanged export writes nothing. `securityhub_sync_units` keeps, per
 * source, the fingerprint (size, modification time, hash) of each file
 * stored in full, so an unchanged file is not even read again. The sync
 * state counts what the last run found unchanged.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('securityhub_findings', table => {
    table.string('content_hash', 64).nullable();
  });
  await knex.schema.createTable('securityhub_sync_units', table => {
    table.string('source_id', 255).notNullable();
    table.text('origin').notNullable();
    table.bigInteger('size').notNullable();
    table.bigInteger('mtime_ms').notNullable();
    table.string('sha256', 64).notNullable();
    table.integer('findings').notNullable();
    table.primary(['source_id', 'origin']);
  });
  await knex.schema.alterTable('securityhub_sync_state', table => {
    table.integer('last_unchanged').notNullable().defaultTo(0);
    table.integer('last_unchanged_units').notNullable().defaultTo(0);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('securityhub_sync_state', table => {
    table.dropColumn('last_unchanged');
    table.dropColumn('last_unchanged_units');
  });
  await knex.schema.dropTable('securityhub_sync_units');
  await knex.schema.alterTable('securityhub_findings', table => {
    table.dropColumn('content_hash');
  });
};
