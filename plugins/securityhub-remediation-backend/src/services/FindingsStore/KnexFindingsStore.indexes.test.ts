import type { Knex } from 'knex';
import {
  findingsListQuerySchema,
  prepareFinding,
} from '@internal/plugin-securityhub-remediation-common';
import { dataset } from '../../__testUtils__/findingsDataset';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { restoreDeferredIndexes } from './bulkLoad';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const query = (input: Record<string, unknown> = {}) =>
  findingsListQuerySchema.parse(input);

describe.each(ids)(
  'KnexFindingsStore indexes and bulk load on %s',
  databaseId => {
    let knex: Knex;
    let store: KnexFindingsStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await migrateFindingsDatabase(knex);
      store = new KnexFindingsStore(knex);
    });

    beforeEach(() => clearFindingsDatabase(knex));

    it('counts free-text matches from a search index, not by reading every row', async () => {
      // PostgreSQL: a trigram index serves LIKE '%term%'; SQLite: a narrow
      // index on search_text alone is scanned instead of the table.
      const usesSearchIndex =
        knex.client.dialect === 'postgresql'
          ? (
              await knex.raw(
                "select indexdef from pg_indexes where indexname = 'securityhub_findings_search_trgm_idx'",
              )
            ).rows[0]?.indexdef.includes('gin_trgm_ops')
          : (
              await knex.raw(
                "explain query plan select count(*) from securityhub_findings where search_text like '%ledger%'",
              )
            ).some(
              (step: { detail: string }) =>
                step.detail ===
                'SCAN securityhub_findings USING COVERING INDEX securityhub_findings_search_text_idx',
            );
      expect(usesSearchIndex).toBe(true);
    });

    describe('bulk load into an empty store', () => {
      // The findings' indexes and the resource keys' (deferred with them).
      const indexNames = async () => {
        if (knex.client.dialect === 'postgresql') {
          const { rows } = await knex.raw(
            "select indexname as name from pg_indexes where tablename in ('securityhub_findings', 'securityhub_finding_resource_keys') order by 1",
          );
          return rows.map((r: { name: string }) => r.name);
        }
        const rows = await knex.raw(
          "select name from sqlite_master where type = 'index' and tbl_name in ('securityhub_findings', 'securityhub_finding_resource_keys') order by 1",
        );
        return rows.map((r: { name: string }) => r.name);
      };

      it('writes every batch and ends with the same indexes', async () => {
        const before = await indexNames();
        const findings = dataset();
        const written = await store.bulkLoad(async writer => {
          let n = 0;
          for (let i = 0; i < findings.length; i += 50) {
            const batch = findings.slice(i, i + 50).map(prepareFinding);
            n += (await writer.upsertPrepared(batch, 'demo')).written;
          }
          return n;
        });
        expect(written).toBe(120);
        expect(await store.count()).toBe(120);
        expect(await indexNames()).toEqual(before);
        expect(before).toContain('securityhub_findings_status_idx');
        const page = await store.list(
          query({ severity: ['CRITICAL'], limit: 5 }),
          undefined,
        );
        expect(page.totalCount).toBe(24);
      });

      it('keeps nothing, and the indexes, when the load fails', async () => {
        const before = await indexNames();
        await expect(
          store.bulkLoad(async writer => {
            await writer.upsertPrepared(
              dataset().slice(0, 60).map(prepareFinding),
              'demo',
            );
            throw new Error('file 2 is not valid ASFF');
          }),
        ).rejects.toThrow('file 2 is not valid ASFF');
        expect(await store.count()).toBe(0);
        expect(await indexNames()).toEqual(before);
      });

      it("keeps the store's indexes while the load runs, and shows the store empty until it ends", async () => {
        const before = await indexNames();
        const postgres = knex.client.dialect === 'postgresql';
        // As another connection sees it while the load runs (SQLite's test
        // database has one connection, which the load holds).
        let seen: { during: string[]; stored: number } | undefined;
        await store.bulkLoad(async writer => {
          await writer.upsertPrepared(
            dataset().slice(0, 30).map(prepareFinding),
            'demo',
          );
          if (postgres) {
            const row = await knex('securityhub_findings')
              .count({ n: '*' })
              .first();
            seen = { during: await indexNames(), stored: Number(row!.n) };
          }
          return 0;
        });
        expect(seen).toEqual(
          postgres ? { during: before, stored: 0 } : undefined,
        );
        expect(await store.count()).toBe(30);
        expect(await indexNames()).toEqual(before);
      });

      it("builds at start-up what an earlier version's load that stopped mid-way had deferred (PostgreSQL)", async () => {
        // Only PostgreSQL defers them.
        if (knex.client.dialect !== 'postgresql') return;
        const before = await indexNames();
        // What a backend that stops mid-load leaves: an index dropped and
        // written down, and the details' foreign key the same.
        const [ddl] = (
          await knex.raw(
            "select pg_get_indexdef('securityhub_findings_status_idx'::regclass) as ddl",
          )
        ).rows.map((r: { ddl: string }) => r.ddl);
        const fk = 'securityhub_finding_details_finding_pk_foreign';
        const [fkDdl] = (
          await knex.raw(
            `select format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as ddl
                 from pg_constraint where conname = ?`,
            [fk],
          )
        ).rows.map((r: { ddl: string }) => r.ddl);
        await knex('securityhub_deferred_indexes').insert([
          { name: 'securityhub_findings_status_idx', ddl },
          { name: fk, ddl: fkDdl },
        ]);
        await knex.raw('drop index securityhub_findings_status_idx');
        await knex.raw(
          `alter table securityhub_finding_details drop constraint ${fk}`,
        );

        expect((await restoreDeferredIndexes(knex)).sort()).toEqual(
          [fk, 'securityhub_findings_status_idx'].sort(),
        );
        expect(await knex('securityhub_deferred_indexes')).toEqual([]);
        expect(await indexNames()).toEqual(before);
        const { rows: keys } = await knex.raw(
          'select 1 from pg_constraint where conname = ?',
          [fk],
        );
        expect(keys).toHaveLength(1);
        // Nothing deferred: nothing to do.
        expect(await restoreDeferredIndexes(knex)).toEqual([]);
      });

      it('refuses a store that already holds findings', async () => {
        await store.upsertBatch(dataset().slice(0, 1), 'demo');
        await expect(store.bulkLoad(async () => 0)).rejects.toThrow(
          'bulk load needs an empty findings store',
        );
      });
    });
  },
);
