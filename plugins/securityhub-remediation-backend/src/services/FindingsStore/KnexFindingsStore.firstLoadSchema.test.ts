import knexFactory, { type Knex } from 'knex';
import { prepareFinding } from '@internal/plugin-securityhub-remediation-common';
import { dataset } from '../../__testUtils__/findingsDataset';
import {
  clearFindingsDatabase,
  describeOnPostgres,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { dropInterruptedFirstLoad } from './firstLoadSchema';

/** Runs after the load's builds, before its swap (a writer meanwhile). */
const mockAfterBuild: { run?: () => Promise<void> } = {};
jest.mock('./loadSchemaLanes', () => {
  const actual = jest.requireActual('./loadSchemaLanes');
  return {
    ...actual,
    buildSideBySide: async (...args: unknown[]) => {
      const stamped = await actual.buildSideBySide(...args);
      await mockAfterBuild.run?.();
      return stamped;
    },
  };
});

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const LOAD_SCHEMA = 'public_first_load';
const TABLES = [
  'securityhub_findings',
  'securityhub_finding_details',
  'securityhub_finding_resource_keys',
  'securityhub_finding_counts',
];

/**
 * What the migrations made of the loaded tables, as the catalog says it:
 * columns and defaults, indexes, constraints (and whether checked),
 * triggers, the key sequence's owner and table options.
 */
async function catalog(knex: Knex) {
  const { rows: columns } = await knex.raw(
    `select table_name, column_name, data_type, is_nullable, column_default
       from information_schema.columns
      where table_schema = 'public' and table_name = any(?)
      order by 1, 2`,
    [TABLES],
  );
  const { rows: indexes } = await knex.raw(
    `select indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename = any(?) order by 1`,
    [TABLES],
  );
  const { rows: constraints } = await knex.raw(
    `select conrelid::regclass::text as t, conname, convalidated,
            pg_get_constraintdef(oid) as def
       from pg_constraint where conrelid::regclass::text = any(?) order by 1, 2`,
    [TABLES],
  );
  const { rows: triggers } = await knex.raw(
    `select tgname, tgenabled, pg_get_triggerdef(oid) as def from pg_trigger
      where not tgisinternal and tgrelid::regclass::text = any(?) order by 1`,
    [TABLES],
  );
  const { rows: options } = await knex.raw(
    `select relname, reloptions from pg_class
      where relnamespace = 'public'::regnamespace and relname = any(?) order by 1`,
    [TABLES],
  );
  const { rows: sequence } = await knex.raw(
    "select pg_get_serial_sequence('securityhub_findings', 'pk') as owned",
  );
  return { columns, indexes, constraints, triggers, options, sequence };
}

const loadSchemaExists = async (knex: Knex) =>
  (
    await knex.raw('select 1 from pg_namespace where nspname = ?', [
      LOAD_SCHEMA,
    ])
  ).rows.length > 0;

// The load schema is PostgreSQL's; with no PostgreSQL configured there is
// nothing to run.
describeOnPostgres(
  ids,
  'First load through a load schema on %s',
  databaseId => {
    let knex: Knex;
    let store: KnexFindingsStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await migrateFindingsDatabase(knex);
      store = new KnexFindingsStore(knex);
    });

    beforeEach(() => clearFindingsDatabase(knex));

    const load = (findings = dataset()) =>
      store.bulkLoad(async writer => {
        let written = 0;
        for (let i = 0; i < findings.length; i += 40) {
          const batch = findings.slice(i, i + 40).map(prepareFinding);
          written += (await writer.upsertPrepared(batch, 'demo')).written;
        }
        return written;
      });

    it('leaves the tables as the migrations made them, with the load in them', async () => {
      const before = await catalog(knex);
      // The counts in memory, read before the load, catch up after it.
      expect((await store.summary({}, undefined)).total).toBe(0);
      expect(await load()).toBe(120);
      const summary = await store.summary({}, undefined);
      expect(summary.total).toBe(120);
      expect(summary.bySeverity.CRITICAL).toBe(24);
      expect(await catalog(knex)).toEqual(before);
      expect(before.triggers.length).toBeGreaterThan(0);
      expect(await loadSchemaExists(knex)).toBe(false);
      expect(await store.count()).toBe(120);
      // The resource keys were filled from the loaded details.
      const { rows } = await knex.raw(
        'select count(distinct finding_pk)::int as n from securityhub_finding_resource_keys',
      );
      expect(rows[0].n).toBe(120);
    });

    it('stamps the counts again when the data version moved while they were filled', async () => {
      expect((await store.summary({}, undefined)).total).toBe(0);
      let moved = false;
      mockAfterBuild.run = async () => {
        // Another writer (and a reader at its version) meanwhile.
        await knex('securityhub_findings_version')
          .where('id', 1)
          .increment('version', 1);
        expect((await store.summary({}, undefined)).total).toBe(0);
        moved = true;
      };
      try {
        expect(await load()).toBe(120);
      } finally {
        mockAfterBuild.run = undefined;
      }
      expect(moved).toBe(true);
      expect((await store.summary({}, undefined)).total).toBe(120);
    });

    it('leaves no stale counts in memory when the store was emptied just before the load', async () => {
      await store.upsertBatch(dataset().slice(0, 100), 'demo');
      expect((await store.summary({}, undefined)).total).toBe(100);
      // Emptied, and no read in between: the counts in memory still say 100.
      await clearFindingsDatabase(knex);
      expect(await load(dataset().slice(100, 103))).toBe(3);
      const summary = await store.summary({}, undefined);
      expect(summary.total).toBe(3);
      const { rows } = await knex.raw(
        'select coalesce(sum(n), 0)::int as n from securityhub_finding_counts',
      );
      expect(rows[0].n).toBe(3);
    });

    it("keeps the store's triggers and key sequence working after the swap", async () => {
      await load(dataset().slice(0, 100));
      const before = await store.summary({}, undefined);
      const [next] = dataset().slice(100, 101);
      await store.upsertBatch([next], 'demo');
      const after = await store.summary({}, undefined);
      // Counts kept by the findings' triggers, keys by the details'.
      expect(after.total).toBe(before.total + 1);
      const { rows } = await knex.raw(
        `select f.pk, (select count(*)::int from securityhub_finding_resource_keys k
                        where k.finding_pk = f.pk) as keys
           from securityhub_findings f where f.id = ?`,
        [next.Id],
      );
      expect(rows[0].keys).toBeGreaterThan(0);
      const { rows: highest } = await knex.raw(
        'select max(pk)::int as pk from securityhub_findings',
      );
      expect(rows[0].pk).toBe(highest[0].pk);
    });

    it("merges the load's sync units into the store's, only when the load is kept", async () => {
      const fingerprint = { size: 1, mtimeMs: 2, sha256: 'abc', findings: 3 };
      await store.putSyncUnit('demo', 'kept-before.jsonl', fingerprint);
      await store.bulkLoad(async writer => {
        await writer.inTransaction(async unit => {
          await unit.upsertPrepared(
            dataset().slice(0, 3).map(prepareFinding),
            'demo',
          );
          await unit.putSyncUnit('demo', 'a.jsonl', fingerprint);
        });
        return 0;
      });
      const units = await store.getSyncUnits('demo');
      expect([...units.keys()].sort()).toEqual([
        'a.jsonl',
        'kept-before.jsonl',
      ]);

      await clearFindingsDatabase(knex);
      await expect(
        store.bulkLoad(async writer => {
          await writer.putSyncUnit('demo', 'b.jsonl', fingerprint);
          throw new Error('a later file failed');
        }),
      ).rejects.toThrow('a later file failed');
      expect((await store.getSyncUnits('demo')).size).toBe(0);
    });

    it('keeps nothing and drops its schema when a build fails, and loads again after', async () => {
      const before = await catalog(knex);
      await expect(
        store.bulkLoad(async writer => {
          await writer.upsertPrepared(
            dataset().slice(0, 5).map(prepareFinding),
            'demo',
          );
          // A row the finding id's unique key cannot be built over.
          const knexOfLoad = (writer as unknown as { db: Knex.Transaction }).db;
          const [first] = await knexOfLoad('securityhub_findings')
            .select('*')
            .limit(1);
          await knexOfLoad('securityhub_findings').insert({
            ...first,
            pk: 1_000_000,
          });
          return 0;
        }),
      ).rejects.toThrow(/securityhub_findings_id_key|duplicate/);
      expect(await store.count()).toBe(0);
      expect(await loadSchemaExists(knex)).toBe(false);
      expect(await catalog(knex)).toEqual(before);
      expect(await load()).toBe(120);
    });

    it("keeps what the store's tables granted to other roles", async () => {
      const role = `reporting_${process.pid}`;
      await knex.raw(`create role ${role}`);
      try {
        await knex.raw(
          `grant select on securityhub_findings, securityhub_finding_details to ${role}`,
        );
        await knex.raw(
          `grant select on securityhub_finding_counts to ${role} with grant option`,
        );
        await knex.raw(
          'grant select on securityhub_finding_resource_keys to public',
        );
        const granted = () =>
          knex
            .raw(
              `select c.relname, a.grantee, a.privilege_type, a.is_grantable
                 from pg_class c, aclexplode(c.relacl) a
                where c.relnamespace = 'public'::regnamespace
                  and c.relname = any(?) and a.grantee <> c.relowner
                order by 1, 2, 3`,
              [TABLES],
            )
            .then(({ rows }) => rows);
        const before = await granted();
        expect(before).toHaveLength(4);
        expect(await load()).toBe(120);
        expect(await granted()).toEqual(before);
      } finally {
        await knex.raw(`drop owned by ${role}`);
        await knex.raw(`drop role ${role}`);
        await knex.raw(
          'revoke select on securityhub_finding_resource_keys from public',
        );
      }
    });

    it('fails before writing anything when the database user may not create a schema', async () => {
      // A user that may write the store's tables but not create a schema:
      // the sync then writes file by file (FindingsSyncService tests).
      const role = `limited_loader_${process.pid}`;
      await knex.raw(`create role ${role} login password 'limited'`);
      await knex.raw(`grant usage on schema public to ${role}`);
      await knex.raw(
        `grant select, insert, update, delete on all tables in schema public to ${role}`,
      );
      await knex.raw(
        `grant usage, select on all sequences in schema public to ${role}`,
      );
      const base = knex.client.config.connection as
        | string
        | Knex.PgConnectionConfig;
      const url = typeof base === 'string' ? new URL(base) : undefined;
      if (url) {
        url.username = role;
        url.password = 'limited';
      }
      const limited = knexFactory({
        client: 'pg',
        connection: url
          ? url.toString()
          : {
              ...(base as Knex.PgConnectionConfig),
              user: role,
              password: 'limited',
            },
      });
      try {
        const limitedStore = new KnexFindingsStore(limited);
        await expect(
          limitedStore.bulkLoad(async writer =>
            writer.upsertPrepared(
              dataset().slice(0, 5).map(prepareFinding),
              'demo',
            ),
          ),
        ).rejects.toThrow(/permission denied/);
        expect(await loadSchemaExists(knex)).toBe(false);
        expect(await store.count()).toBe(0);
        await limitedStore.upsertBatch(dataset().slice(0, 5), 'demo');
        expect(await store.count()).toBe(5);
      } finally {
        await limited.destroy();
        await knex.raw(`drop owned by ${role}`);
        await knex.raw(`drop role ${role}`);
      }
    });

    it('drops what a load interrupted before its swap left, at start-up', async () => {
      expect(await dropInterruptedFirstLoad(knex)).toBe(false);
      await knex.raw(`create schema ${LOAD_SCHEMA}`);
      await knex.raw(
        `create table ${LOAD_SCHEMA}.securityhub_findings (like public.securityhub_findings)`,
      );
      // While a load runs (its lock held, on another backend) it is not
      // an interrupted one.
      const running = await knex.transaction();
      try {
        await running.raw('select pg_advisory_xact_lock(hashtext(?))', [
          LOAD_SCHEMA,
        ]);
        expect(await dropInterruptedFirstLoad(knex)).toBe(false);
        expect(await loadSchemaExists(knex)).toBe(true);
      } finally {
        await running.rollback();
      }
      expect(await dropInterruptedFirstLoad(knex)).toBe(true);
      expect(await loadSchemaExists(knex)).toBe(false);
      expect(await load()).toBe(120);
    });

    it('waits for a first load running on another backend, then finds the store no longer empty', async () => {
      const other = new KnexFindingsStore(knex);
      let release!: () => void;
      const released = new Promise<void>(resolve => {
        release = resolve;
      });
      const first = other.bulkLoad(async writer => {
        await writer.upsertPrepared(
          dataset().slice(0, 10).map(prepareFinding),
          'demo',
        );
        await released;
        return 10;
      });
      // Started once the first holds the lock: it waits, then refuses.
      while (!(await loadSchemaExists(knex))) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      const second = store.bulkLoad(async () => 0);
      second.catch(() => {});
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(await loadSchemaExists(knex)).toBe(true);
      release();
      expect(await first).toBe(10);
      await expect(second).rejects.toThrow(
        'bulk load needs an empty findings store',
      );
      expect(await store.count()).toBe(10);
    });
  },
);
