// @ts-check

/**
 * Finding counts per day (UTC), account and severity, for the trends charts:
 * open findings (the findings page's default view: FAILED, NEW or NOTIFIED,
 * ACTIVE) at the day's last record, findings created that day, and findings
 * resolved that day. The sync records today's rows after a run; only rows
 * with a count above zero are kept, so `securityhub_trend_days` lists the
 * days that were recorded (a day absent there is unknown, not zero).
 *
 * A day is the text `YYYY-MM-DD`: it sorts and compares the same on SQLite
 * and PostgreSQL, with no time zone to convert.
 *
 * New and resolved counts of a day are range reads of the findings by
 * `created_at` and `resolved_at`, hence the two indexes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('securityhub_trend_days', table => {
    table.comment('Days whose finding counts were recorded or back-filled');
    table.string('day', 10).primary().notNullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    // Back-filled from finding timestamps rather than counted on the day.
    table.boolean('reconstructed').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('securityhub_daily_finding_counts', table => {
    table.comment('Open, new and resolved findings per day, account, severity');
    table.string('day', 10).notNullable();
    table.string('aws_account_id', 12).notNullable();
    table.string('severity', 16).notNullable();
    table.integer('open_count').notNullable().defaultTo(0);
    table.integer('new_count').notNullable().defaultTo(0);
    table.integer('resolved_count').notNullable().defaultTo(0);
    // Day first: the trends read a range of days, of all or a few accounts.
    table.primary(['day', 'aws_account_id', 'severity']);
  });

  await knex.schema.alterTable('securityhub_findings', table => {
    table.index(['created_at'], 'securityhub_findings_created_idx');
    table.index(['resolved_at'], 'securityhub_findings_resolved_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('securityhub_findings', table => {
    table.dropIndex(['resolved_at'], 'securityhub_findings_resolved_idx');
    table.dropIndex(['created_at'], 'securityhub_findings_created_idx');
  });
  await knex.schema.dropTable('securityhub_daily_finding_counts');
  await knex.schema.dropTable('securityhub_trend_days');
};
