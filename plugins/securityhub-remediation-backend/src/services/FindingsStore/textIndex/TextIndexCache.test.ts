import type { Knex } from 'knex';
import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../../__testUtils__/testDatabases';
import { CountsCubeCache } from '../countsCubeCache';
import { readDataVersion } from '../findingCounts';
import { KnexFindingsStore } from '../KnexFindingsStore';
import { DEFAULT_TEXT_INDEX, TextIndexCache } from './TextIndexCache';

const { databases } = findingsTestDatabases();

describe('TextIndexCache', () => {
  let knex: Knex;
  let clock: number;
  let cubes: CountsCubeCache;
  const cache = (options = {}) =>
    new TextIndexCache(
      knex,
      { ...DEFAULT_TEXT_INDEX, minFindings: 0, settleMs: 1000, ...options },
      () => clock,
    );
  const write = (suffix: string) =>
    new KnexFindingsStore({ db: knex, textIndex: false }).upsertBatch(
      [asffFindingFixture({ suffix, resourceId: `arn:aws:s3:::b-${suffix}` })],
      'demo',
    );

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    await clearFindingsDatabase(knex);
    clock = 0;
    cubes = new CountsCubeCache(knex, () => readDataVersion(knex));
    await write('1');
  });

  it('builds once the data has not changed for the settle time', async () => {
    const texts = cache();
    expect(texts.current(await cubes.get())).toBeUndefined();
    clock = 999;
    expect(texts.current(await cubes.get())).toBeUndefined();
    await texts.settled(); // nothing was started
    expect(texts.current(await cubes.get())).toBeUndefined();
    clock = 1000;
    texts.observe(await cubes.get());
    await texts.settled();
    const index = texts.current(await cubes.get());
    expect(index?.size).toBe(1);
  });

  it('drops the index of older data and builds the new one after it settles', async () => {
    const texts = cache({ settleMs: 0 });
    texts.observe(await cubes.get());
    await texts.settled();
    expect(texts.current(await cubes.get())?.size).toBe(1);
    await write('2');
    // This use sees the new version: the old index is dropped and, the
    // settle time being 0, the new one is built.
    expect(texts.current(await cubes.get())).toBeUndefined();
    await texts.settled();
    expect(texts.current(await cubes.get())?.size).toBe(2);
  });

  it('keeps no index for fewer findings than the minimum', async () => {
    const texts = cache({ settleMs: 0, minFindings: 2 });
    texts.observe(await cubes.get());
    await texts.settled();
    expect(texts.current(await cubes.get())).toBeUndefined();
  });

  it('throws a build away when the data changed during it', async () => {
    const texts = cache({ settleMs: 0 });
    const at = await cubes.get();
    texts.observe(at);
    await write('2'); // while the build reads
    await texts.settled();
    expect(texts.current(at)).toBeUndefined();
  });

  it('stops a build at its next chunk once the data moves on', async () => {
    for (const suffix of ['2', '3', '4', '5', '6']) await write(suffix);
    const texts = cache({ settleMs: 0, chunkRows: 1 });
    const chunks: string[] = [];
    const count = (query: { sql: string }) => {
      if (/from .securityhub_findings. where .pk. >/i.test(query.sql)) {
        chunks.push(query.sql);
      }
    };
    knex.on('query', count);
    texts.observe(await cubes.get());
    await write('7');
    await texts.settled();
    knex.off('query', count);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.length).toBeLessThan(3); // of the 6 a whole read takes
    // The next try waits for the data to settle again.
    texts.observe(await cubes.get());
    await texts.settled();
    expect(texts.current(await cubes.get())?.size).toBe(7);
  });

  it('builds nothing while this process writes, nor until the settle time after', async () => {
    const texts = cache();
    clock = 5000;
    let release!: () => void;
    const held = texts.writing(
      () => new Promise<void>(resolve => (release = resolve)),
    );
    const during = await cubes.get();
    texts.observe(during); // first sight of the version
    clock = 9000; // long settled by the version alone
    texts.observe(during);
    await texts.settled();
    expect(texts.current(during)).toBeUndefined();
    release();
    await held; // ends at 9000
    clock = 9999;
    texts.observe(during);
    await texts.settled();
    expect(texts.current(during)).toBeUndefined();
    clock = 10_000;
    texts.observe(during);
    await texts.settled();
    expect(texts.current(during)?.size).toBe(1);
  });

  it('does not try a version again after its build failed', async () => {
    const texts = cache({ settleMs: 0 });
    const at = await cubes.get();
    await knex.schema.renameTable('securityhub_findings', 'moved_away');
    texts.observe(at);
    await texts.settled();
    await knex.schema.renameTable('moved_away', 'securityhub_findings');
    texts.observe(at);
    await texts.settled();
    expect(texts.current(at)).toBeUndefined();
  });
});
