import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  asffFindingFixture,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import { AsffFileFindingsSource } from '@internal/plugin-securityhub-remediation-node';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../FindingsStore';
import { FindingsSyncService } from './FindingsSyncService';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const findings = (prefix: string, count: number): AsffFinding[] =>
  Array.from({ length: count }, (_, i) =>
    asffFindingFixture({ suffix: `${prefix}${i}` }),
  );

const jsonLines = (items: AsffFinding[]) =>
  items.map(f => JSON.stringify(f)).join('\n');

describe.each(ids)('FindingsSyncService on unchanged files (%s)', id => {
  let knex: Knex;
  let store: KnexFindingsStore;
  let folder: string;
  let sync: FindingsSyncService;

  beforeAll(async () => {
    knex = await databases.init(id);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(async () => {
    await clearFindingsDatabase(knex);
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sync-unchanged-'));
    await fs.writeFile(
      path.join(folder, 'a.jsonl'),
      jsonLines(findings('a', 40)),
    );
    await fs.writeFile(
      path.join(folder, 'b.jsonl'),
      jsonLines(findings('b', 25)),
    );
    sync = new FindingsSyncService({
      store,
      sources: [
        new AsffFileFindingsSource({
          id: 'files',
          path: folder,
          parseInWorker: false,
        }),
      ],
      logger: mockServices.logger.mock(),
    });
  });

  afterEach(() => fs.rm(folder, { recursive: true, force: true }));

  const run = async () => (await sync.syncAll())[0];
  const touch = (name: string, seconds: number) => {
    const when = new Date(Date.now() + seconds * 1000);
    return fs.utimes(path.join(folder, name), when, when);
  };

  it('does not read files again that did not change, and says so in the status', async () => {
    expect(await run()).toMatchObject({
      ok: true,
      imported: 65,
      unchanged: 0,
      unchangedUnits: 0,
      batches: 2,
    });
    expect(await run()).toMatchObject({
      ok: true,
      imported: 0,
      unchanged: 65,
      unchangedUnits: 2,
      batches: 0,
    });
    const [status] = (await sync.status()).sources;
    expect(status).toMatchObject({
      lastImported: 0,
      lastUnchanged: 65,
      lastUnchangedUnits: 2,
    });
  });

  it('knows a file touched but not changed by its hash, and remembers its new time', async () => {
    await run();
    await touch('a.jsonl', 120);
    expect(await run()).toMatchObject({ imported: 0, unchangedUnits: 2 });
    const stored = await store.getSyncUnits('files');
    const { mtimeMs } = await fs.stat(path.join(folder, 'a.jsonl'));
    expect(stored.get(path.join(folder, 'a.jsonl'))?.mtimeMs).toBe(
      Math.round(mtimeMs),
    );
  });

  it('reads a changed file and writes only the findings that changed in it', async () => {
    await run();
    const edited = findings('a', 40);
    edited[7] = { ...edited[7], Title: 'Edited in place' };
    await fs.writeFile(path.join(folder, 'a.jsonl'), jsonLines(edited));
    await touch('a.jsonl', 120);
    expect(await run()).toMatchObject({
      imported: 1,
      unchanged: 64,
      unchangedUnits: 1,
      batches: 1,
    });
    expect((await store.get(edited[7].Id, undefined))?.title).toBe(
      'Edited in place',
    );
  });

  it('reads and reports a rejected file on every run, and forgets removed files', async () => {
    await run();
    await fs.writeFile(path.join(folder, 'c.jsonl'), '{"not": "a finding"');
    await fs.rm(path.join(folder, 'b.jsonl'));
    for (let i = 0; i < 2; i++) {
      expect(await run()).toMatchObject({
        ok: true,
        rejected: 1,
        unchangedUnits: 1,
      });
    }
    expect([...(await store.getSyncUnits('files')).keys()]).toEqual([
      path.join(folder, 'a.jsonl'),
    ]);
  });

  it('reads every file again into an emptied store', async () => {
    await run();
    await knex('securityhub_finding_details').delete();
    await knex('securityhub_findings').delete();
    expect(await run()).toMatchObject({ imported: 65, unchangedUnits: 0 });
  });
});
