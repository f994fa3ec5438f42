// @ts-check

/**
 * A requested sync run, until a run starts. Backstage's scheduler takes a
 * trigger by moving the task's next start to now, which it accepts again
 * until an instance claims the run (every few seconds): two "Sync now" at
 * once would both be told a run was started. This row lets one request win
 * and the other be told that a run is already on its way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('securityhub_sync_requests', table => {
    table.string('task_id', 255).primary().notNullable();
    table.timestamp('requested_at', { useTz: true }).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('securityhub_sync_requests');
};
