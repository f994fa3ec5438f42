import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  asffFindingFixture,
  prepareFinding,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsBatch,
  FindingsReadOptions,
  FindingsReadStats,
  FindingsSource,
} from '@internal/plugin-securityhub-remediation-node';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../FindingsStore';
import { FindingsSyncService } from './FindingsSyncService';

jest.setTimeout(60_000);

/** An in-memory source: pages of findings, optionally failing at one page. */
class PagedSource implements FindingsSource {
  kind: FindingsSource['kind'] = 'securityhub';
  readonly target = '111122223333/us-east-1';
  readonly requests: FindingsReadOptions[] = [];
  failAtPage: number | undefined;

  constructor(readonly id: string, public pages: AsffFinding[][]) {}

  async *read(
    options: FindingsReadOptions,
    stats: FindingsReadStats,
  ): AsyncIterable<FindingsBatch> {
    this.requests.push(options);
    for (const [index, findings] of this.pages.entries()) {
      stats.retries += 1; // pretend every page needed one retry
      if (index === this.failAtPage) {
        throw new Error(`page ${index + 1}: Rate exceeded after 8 attempts`);
      }
      yield {
        origin: `page ${index + 1}`,
        findings: findings.map(prepareFinding),
      };
    }
  }
}

function page(start: number, count: number, day: number): AsffFinding[] {
  return Array.from({ length: count }, (_, i) =>
    asffFindingFixture({
      suffix: String(start + i),
      updatedAt: new Date(Date.UTC(2026, 10, day, 0, i)).toISOString(),
    }),
  );
}

const { databases } = findingsTestDatabases();

describe('FindingsSyncService', () => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  it('imports every page and advances the watermark for the next run', async () => {
    const source = new PagedSource('sh', [page(0, 100, 1), page(100, 40, 2)]);
    const sync = new FindingsSyncService({
      store,
      sources: [source],
      logger: mockServices.logger.mock(),
    });

    const [result] = await sync.syncAll();
    expect(result).toEqual({
      sourceId: 'sh',
      ok: true,
      imported: 140,
      unchanged: 0,
      unchangedUnits: 0,
      batches: 2,
      retries: 2,
      rejected: 0,
    });
    expect(source.requests[0].updatedSince).toBeUndefined();

    const status = await sync.status();
    expect(status.totalStored).toBe(140);
    expect(status.sources[0]).toMatchObject({
      state: 'succeeded',
      watermark: '2026-11-02T00:39:00.000Z',
      lastImported: 140,
      lastBatches: 2,
      lastRetries: 2,
      lastError: null,
    });

    source.pages = [page(140, 5, 3)];
    await sync.syncAll();
    expect(source.requests[1].updatedSince).toBe('2026-11-02T00:39:00.000Z');
    expect((await sync.status()).totalStored).toBe(145);
  });

  it('keeps stored pages and the old watermark when a page fails', async () => {
    const source = new PagedSource('sh', [page(0, 100, 1)]);
    const sync = new FindingsSyncService({
      store,
      sources: [source],
      logger: mockServices.logger.mock(),
    });
    await sync.syncAll();
    const watermark = (await sync.status()).sources[0].watermark;

    source.pages = [page(100, 100, 5), page(200, 100, 6), page(300, 100, 7)];
    source.failAtPage = 2;
    const [result] = await sync.syncAll();
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/page 3: Rate exceeded/);

    const status = (await sync.status()).sources[0];
    expect(status).toMatchObject({
      state: 'failed',
      watermark,
      lastImported: 200,
      lastBatches: 2,
      lastError: 'page 3: Rate exceeded after 8 attempts',
    });
    expect(status.lastSucceededAt).not.toBeNull();
    expect(await store.count()).toBe(300);

    // The retry asks again from the old watermark, so page 3 is not lost.
    source.failAtPage = undefined;
    await sync.syncAll();
    expect(source.requests[2].updatedSince).toBe(watermark);
    expect(await store.count()).toBe(400);
  });

  it('loads files into an empty store in one bulk transaction where that pays off, and unit by unit when it fails', async () => {
    const paysOff = jest
      .spyOn(store, 'bulkLoadPaysOff', 'get')
      .mockReturnValue(true);
    const bulkLoad = jest.spyOn(store, 'bulkLoad');
    const source = new PagedSource('first', [
      page(0, 100, 1),
      page(100, 100, 2),
      page(200, 100, 3),
    ]);
    source.kind = 'asff-files';
    source.failAtPage = 2;
    const sync = new FindingsSyncService({
      store,
      sources: [source],
      logger: mockServices.logger.mock(),
    });
    const [result] = await sync.syncAll();
    expect(bulkLoad).toHaveBeenCalledTimes(1);
    // The bulk load kept nothing; the batch-by-batch retry kept the good pages.
    expect(result).toMatchObject({ ok: false, imported: 200, batches: 2 });
    expect(await store.count()).toBe(200);

    source.failAtPage = undefined;
    const [second] = await sync.syncAll();
    expect(second.ok).toBe(true);
    expect(bulkLoad).toHaveBeenCalledTimes(1); // the store is no longer empty
    expect(await store.count()).toBe(300);
    bulkLoad.mockRestore();
    paysOff.mockRestore();
  });

  it('refreshes the statistics after a large import, unless a kept bulk load left them current', async () => {
    const paysOff = jest
      .spyOn(store, 'bulkLoadPaysOff', 'get')
      .mockReturnValue(true);
    const refresh = jest.spyOn(store, 'refreshStatistics');
    const pages = () => [page(0, 600, 1), page(600, 600, 2)];
    const bulkSource = new PagedSource('bulk', pages());
    bulkSource.kind = 'asff-files';
    const sync = (source: PagedSource) =>
      new FindingsSyncService({
        store,
        sources: [source],
        logger: mockServices.logger.mock(),
      }).syncAll();
    expect((await sync(bulkSource))[0]).toMatchObject({ imported: 1200 });
    expect(refresh).not.toHaveBeenCalled();

    await clearFindingsDatabase(knex);
    const bulkFails = new PagedSource('bulk-fails', pages());
    bulkFails.kind = 'asff-files';
    const bulkLoad = jest
      .spyOn(store, 'bulkLoad')
      .mockRejectedValueOnce(new Error('could not create the load schema'));
    expect((await sync(bulkFails))[0]).toMatchObject({ imported: 1200 });
    expect(refresh).toHaveBeenCalledTimes(1);
    bulkLoad.mockRestore();
    refresh.mockRestore();
    paysOff.mockRestore();
  });

  it('reports configured sources that never ran and syncs the others after a failure', async () => {
    const failing = new PagedSource('a', [page(0, 1, 1)]);
    failing.failAtPage = 0;
    const healthy = new PagedSource('b', [page(10, 3, 1)]);
    const sync = new FindingsSyncService({
      store,
      sources: [failing, healthy],
      logger: mockServices.logger.mock(),
    });
    expect((await sync.status()).sources.map(s => s.state)).toEqual([
      'never',
      'never',
    ]);
    const results = await sync.syncAll();
    expect(results.map(r => r.ok)).toEqual([false, true]);
    expect(await store.count()).toBe(3);
  });

  it('stops when the scheduler cancels the run', async () => {
    const source = new PagedSource('sh', [page(0, 10, 1)]);
    const controller = new AbortController();
    controller.abort();
    const sync = new FindingsSyncService({
      store,
      sources: [source],
      logger: mockServices.logger.mock(),
    });
    expect(await sync.syncAll(controller.signal)).toEqual([]);
    expect(source.requests).toHaveLength(0);
  });
});
