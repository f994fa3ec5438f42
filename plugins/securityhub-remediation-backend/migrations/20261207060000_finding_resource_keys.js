// @ts-check

/**
 * What a catalog entity can match its findings by besides the account: the
 * ids (ARNs) of a finding's resources and their tags, one row each, so that
 * "resources tagged team=payments" or "ARNs starting with
 * arn:aws:s3:::payments-" is an index lookup instead of parsing every
 * finding's resources.
 *
 * Kept by triggers on the details table (which holds the resources), so
 * every write path keeps it: upserts, write-through and the first load's
 * later versions. A PostgreSQL first load turns them off with the findings'
 * own triggers and fills the table once at its end (`rebuildResourceKeys`).
 *
 * Values are compared byte by byte (`collate "C"` on PostgreSQL, SQLite's
 * binary default), so a prefix is a range on the index.
 *
 * @param {import('knex').Knex} knex
 */

const TABLE = 'securityhub_finding_resource_keys';
const DETAILS = 'securityhub_finding_details';

/**
 * The (finding_pk, kind, value) rows of resources JSON: `id` per resource
 * id, `tag` per `key=value` tag; deduplicated, a finding names a resource or
 * a tag once. `from` joins the table the JSON comes from (none in a trigger,
 * where NEW is in scope).
 *
 * @param {{ pk: string, json: string, from?: string }} source
 */
const sqliteKeysOf = ({ pk, json, from = '' }) => `
  select ${pk} as finding_pk, 'id' as kind, json_extract(r.value, '$.id') as value
    from ${from} json_each(${json}) r
   where json_type(r.value, '$.id') = 'text'
  union
  select ${pk}, 'tag', t.key || '=' || t.value
    from ${from} json_each(${json}) r, json_each(r.value, '$.tags') t
   where json_type(r.value, '$.tags') = 'object' and t.type = 'text'`;

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  const postgres = knex.client.dialect === 'postgresql';
  await knex.raw(
    `create table ${TABLE} (
       finding_pk integer not null,
       kind varchar(8) not null,
       value text ${postgres ? 'collate "C" ' : ''}not null
     )`,
  );
  // Lookups by value (a tag, an ARN prefix); and the rows of one finding,
  // replaced when its resources change.
  await knex.raw(
    `create index ${TABLE}_value_idx on ${TABLE} (kind, value, finding_pk)`,
  );
  await knex.raw(`create index ${TABLE}_finding_idx on ${TABLE} (finding_pk)`);

  if (postgres) {
    await knex.raw(`
      create function securityhub_resource_keys_of(resources text)
      returns table (kind text, value text) language sql immutable as $$
        select distinct k.kind, k.value from (
          select 'id' as kind, r ->> 'id' as value
            from jsonb_array_elements(resources::jsonb) r
           where jsonb_typeof(r -> 'id') = 'string'
          union all
          select 'tag', t.key || '=' || t.value
            from jsonb_array_elements(resources::jsonb) r,
                 jsonb_each_text(case when jsonb_typeof(r -> 'tags') = 'object'
                                      then r -> 'tags' else '{}'::jsonb end) t
        ) k
      $$`);
    await knex.raw(`
      create function securityhub_resource_keys_sync() returns trigger
      language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          delete from ${TABLE} where finding_pk = old.finding_pk;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into ${TABLE} (finding_pk, kind, value)
          select new.finding_pk, k.kind, k.value
            from securityhub_resource_keys_of(new.resources_json) k;
        end if;
        return null;
      end $$`);
    await knex.raw(`
      create trigger securityhub_resource_keys_insert after insert on ${DETAILS}
      for each row execute function securityhub_resource_keys_sync()`);
    await knex.raw(`
      create trigger securityhub_resource_keys_update
      after update of resources_json on ${DETAILS} for each row
      when (old.resources_json is distinct from new.resources_json)
      execute function securityhub_resource_keys_sync()`);
    await knex.raw(`
      create trigger securityhub_resource_keys_delete after delete on ${DETAILS}
      for each row execute function securityhub_resource_keys_sync()`);
    await knex.raw(`
      insert into ${TABLE} (finding_pk, kind, value)
      select d.finding_pk, k.kind, k.value
        from ${DETAILS} d, securityhub_resource_keys_of(d.resources_json) k`);
    return;
  }

  const NEW_KEYS = sqliteKeysOf({
    pk: 'new.finding_pk',
    json: 'new.resources_json',
  });
  await knex.raw(`
    create trigger securityhub_resource_keys_insert after insert on ${DETAILS}
    begin
      insert into ${TABLE} (finding_pk, kind, value) ${NEW_KEYS};
    end`);
  await knex.raw(`
    create trigger securityhub_resource_keys_update
    after update of resources_json on ${DETAILS}
    when old.resources_json is not new.resources_json
    begin
      delete from ${TABLE} where finding_pk = old.finding_pk;
      insert into ${TABLE} (finding_pk, kind, value) ${NEW_KEYS};
    end`);
  await knex.raw(`
    create trigger securityhub_resource_keys_delete after delete on ${DETAILS}
    begin
      delete from ${TABLE} where finding_pk = old.finding_pk;
    end`);
  await knex.raw(`
    insert into ${TABLE} (finding_pk, kind, value) ${sqliteKeysOf({
    pk: 'd.finding_pk',
    json: 'd.resources_json',
    from: `${DETAILS} d,`,
  })}`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of ['insert', 'update', 'delete']) {
    await knex.raw(
      `drop trigger if exists securityhub_resource_keys_${name}${
        knex.client.dialect === 'postgresql' ? ` on ${DETAILS}` : ''
      }`,
    );
  }
  if (knex.client.dialect === 'postgresql') {
    await knex.raw('drop function if exists securityhub_resource_keys_sync()');
    await knex.raw(
      'drop function if exists securityhub_resource_keys_of(text)',
    );
  }
  await knex.schema.dropTableIfExists(TABLE);
};
