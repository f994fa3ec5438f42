// @ts-check

/**
 * Sync runs that survive a crash and files that are rejected one by one.
 *
 * `run_owner` and `heartbeat_at` tell whether a `running` row still has a
 * live backend behind it: the run refreshes the heartbeat while it goes, so
 * a restarted backend can mark a run whose heartbeat stopped as interrupted
 * while leaving alone a run another live instance owns. `last_rejected` and
 * `rejected_json` hold the units (files, pages) the last run rejected whole.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('securityhub_sync_state', table => {
    table.string('run_owner', 64).nullable();
    table.timestamp('heartbeat_at', { useTz: true }).nullable();
    table.integer('last_rejected').notNullable().defaultTo(0);
    table.text('rejected_json').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('securityhub_sync_state', table => {
    table.dropColumn('run_owner');
    table.dropColumn('heartbeat_at');
    table.dropColumn('last_rejected');
    table.dropColumn('rejected_json');
  });
};
