// @ts-check

/**
 * Findings, their details and raw ASFF documents, and per-source sync state.
 *
 * `securityhub_findings` holds only what is filtered, sorted and counted, so
 * list, count and summary queries scan narrow rows. Rows are keyed by an
 * integer `pk`; the finding id (an ARN of ~110 characters) is a unique key
 * only. Every secondary index carries its table key, so tie-breaking and
 * joining on a 4–8 byte integer instead of the ARN keeps the indexes several
 * times smaller and halves the cost of writing a finding. Long text (description,
 * resources, remediation, the raw document) lives in
 * `securityhub_finding_details` and is read for the page shown or one finding.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('securityhub_findings', table => {
    table.comment(
      'Security Hub findings, one row per finding id (newest version)',
    );
    table.increments('pk', { primaryKey: true });
    table
      .string('id', 512)
      .notNullable()
      .unique({ indexName: 'securityhub_findings_id_key' });
    table.string('source_id', 255).notNullable();
    table.string('aws_account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    // '' for findings that are not control findings: keeps keyset paging
    // free of NULL comparisons.
    table.string('control_id', 64).notNullable().defaultTo('');
    table.text('title').notNullable();
    table.string('severity', 16).notNullable();
    table.smallint('severity_rank').notNullable();
    table.string('compliance_status', 16).nullable();
    table.string('workflow_status', 16).notNullable();
    table.string('record_state', 16).notNullable();
    table.string('resource_type', 128).nullable();
    table.text('resource_id').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('first_observed_at', { useTz: true }).nullable();
    table.timestamp('last_observed_at', { useTz: true }).nullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    // Lower-cased title, control, account, resource ids: the free-text filter.
    table.text('search_text').notNullable();

    // Keyset pagination: every sort column paired with the pk tie-breaker.
    table.index(['severity_rank', 'pk'], 'securityhub_findings_severity_idx');
    table.index(['updated_at', 'pk'], 'securityhub_findings_updated_idx');
    table.index(['first_seen_at', 'pk'], 'securityhub_findings_first_seen_idx');
    table.index(['control_id', 'pk'], 'securityhub_findings_control_idx');
    table.index(
      ['aws_account_id', 'severity_rank'],
      'securityhub_findings_account_idx',
    );
    table.index(['resource_type'], 'securityhub_findings_resource_type_idx');
    // The default view (open, failed) in severity order: read in index
    // order and stop after one page instead of sorting every match.
    table.index(
      [
        'compliance_status',
        'record_state',
        'severity_rank',
        'pk',
        'workflow_status',
      ],
      'securityhub_findings_status_idx',
    );
  });

  if (knex.client.dialect === 'postgresql') {
    await createTrigramIndex(knex);
  }

  await knex.schema.createTable('securityhub_finding_details', table => {
    table.comment(
      'Long fields and the ASFF document of each finding, as received',
    );
    table
      .integer('finding_pk')
      .unsigned()
      .primary()
      .notNullable()
      .references('pk')
      .inTable('securityhub_findings')
      .onDelete('CASCADE');
    table.text('product_arn').notNullable();
    table.text('generator_id').notNullable();
    table.text('description').notNullable();
    table.text('resources_json').notNullable();
    table.text('remediation_text').nullable();
    table.text('remediation_url').nullable();
    table.text('document').notNullable();
  });

  await knex.schema.createTable('securityhub_sync_state', table => {
    table.comment('Last sync of each configured findings source');
    table.string('source_id', 255).primary().notNullable();
    table.string('kind', 32).notNullable();
    table.text('target').notNullable();
    table.string('state', 16).notNullable();
    table.timestamp('last_started_at', { useTz: true }).nullable();
    table.timestamp('last_finished_at', { useTz: true }).nullable();
    table.timestamp('last_succeeded_at', { useTz: true }).nullable();
    table.timestamp('watermark', { useTz: true }).nullable();
    table.integer('last_imported').notNullable().defaultTo(0);
    table.integer('last_batches').notNullable().defaultTo(0);
    table.integer('last_retries').notNullable().defaultTo(0);
    table.text('last_error').nullable();
  });
};

/**
 * On PostgreSQL the free-text filter (`LIKE '%term%'`) can use a trigram
 * index. Creating the pg_trgm extension needs a privilege some managed
 * databases withhold; without it the filter still works, as a scan.
 *
 * @param {import('knex').Knex} knex
 */
async function createTrigramIndex(knex) {
  const available = await knex.raw(
    "select 1 from pg_available_extensions where name = 'pg_trgm'",
  );
  if (available.rows.length === 0) return;
  try {
    // A savepoint: a refused CREATE EXTENSION must not abort the migration.
    await knex.transaction(async savepoint => {
      await savepoint.raw('create extension if not exists pg_trgm');
    });
  } catch {
    return;
  }
  await knex.raw(
    'create index securityhub_findings_search_trgm_idx on securityhub_findings using gin (search_text gin_trgm_ops)',
  );
}

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // The pg_trgm extension is left in place: other tables may use it.
  await knex.schema.dropTable('securityhub_sync_state');
  await knex.schema.dropTable('securityhub_finding_details');
  await knex.schema.dropTable('securityhub_findings');
};
