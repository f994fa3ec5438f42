// @ts-check

/**
 * Remediations: one record per run from a finding to a verified fix, and the
 * timeline of each.
 *
 * `open_finding_id` holds the finding id while the remediation is in flight
 * and NULL once it is verified, rejected or failed. Its unique key makes the
 * database itself refuse a second open remediation of one finding, also when
 * two submits race (both SQLite and PostgreSQL allow many NULLs in a unique
 * key). `idempotency_key` is unique for the same reason: a repeated submit
 * finds the first record instead of making a second.
 *
 * Structured fields (repository, pipeline, approval, deploy, …) are JSON in
 * text columns: they are read whole with the record and never queried, and
 * text behaves the same on both databases. `version` is bumped by every
 * update, so two backends never both advance one record; `next_check_at`
 * and the lease columns let the follow-up task claim what is due.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('remediations', table => {
    table.comment('Remediation records, one per run from finding to fix');
    table.string('id', 36).primary().notNullable();
    table.string('finding_id', 512).notNullable();
    table.string('control_id', 64).notNullable();
    table.text('control_title').notNullable();
    table.string('aws_account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.text('resource_id').nullable();
    table.string('automation_kind', 32).notNullable();
    table.string('template_name', 255).notNullable();
    table.string('template_hash', 64).notNullable();
    table.text('template_yaml').notNullable();
    table.text('parameters_json').notNullable();
    table.text('change_preview').nullable();
    table.text('validation').nullable();
    table.string('status', 32).notNullable();
    table.string('submitted_by', 255).notNullable();
    table
      .string('idempotency_key', 128)
      .nullable()
      .unique({ indexName: 'remediations_idempotency_key' });
    table
      .string('open_finding_id', 512)
      .nullable()
      .unique({ indexName: 'remediations_open_finding_key' });
    table.string('commit_id', 64).nullable();
    table.text('repository').nullable();
    table.string('pipeline_execution_id', 255).nullable();
    table.text('pipeline').nullable();
    table.text('approval_token').nullable();
    table.text('approval').nullable();
    table.text('deploy').nullable();
    table.text('automation').nullable();
    table.text('verification').nullable();
    table.text('error').nullable();
    table.text('stages').notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    // Retries of a failed stage: a re-run of the automation needs a new client token.
    table.integer('retries').notNullable().defaultTo(0);
    table.timestamp('next_check_at', { useTz: true }).nullable();
    table.string('lease_owner', 255).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.integer('version').notNullable().defaultTo(1);

    table.index(['next_check_at'], 'remediations_next_check_idx');
    // Newest first, keyset by (created_at, id).
    table.index(['created_at', 'id'], 'remediations_created_idx');
    table.index(['finding_id', 'created_at'], 'remediations_finding_idx');
    table.index(['aws_account_id', 'created_at'], 'remediations_account_idx');
  });

  await knex.schema.createTable('remediation_events', table => {
    table.comment('Timeline of each remediation, in order');
    table.increments('id', { primaryKey: true });
    table
      .string('remediation_id', 36)
      .notNullable()
      .references('id')
      .inTable('remediations')
      .onDelete('CASCADE');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('stage', 16).notNullable();
    table.string('status', 16).notNullable();
    table.text('message').notNullable();
    table.string('actor', 255).notNullable();
    table.string('mode', 8).nullable();
    table.index(['remediation_id', 'id'], 'remediation_events_remediation_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('remediation_events');
  await knex.schema.dropTable('remediations');
};
