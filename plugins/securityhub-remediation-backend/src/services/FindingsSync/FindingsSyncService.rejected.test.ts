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

type Unit = AsffFinding[] | { reason: string; position?: string };

/** Yields its units in order: findings, or a unit rejected whole. */
class UnitSource implements FindingsSource {
  readonly kind = 'asff-files' as const;
  readonly target = '/srv/findings';
  readonly requests: FindingsReadOptions[] = [];

  constructor(readonly id: string, public units: Unit[]) {}

  async *read(options: FindingsReadOptions): AsyncIterable<FindingsBatch> {
    this.requests.push(options);
    for (const [index, unit] of this.units.entries()) {
      const origin = `/srv/findings/export-${index + 1}.json`;
      yield Array.isArray(unit)
        ? { origin, findings: unit.map(prepareFinding) }
        : { origin, findings: [], rejected: unit };
    }
  }
}

function findings(prefix: string, count: number, day: number): AsffFinding[] {
  return Array.from({ length: count }, (_, i) =>
    asffFindingFixture({
      suffix: `${prefix}${i}`,
      updatedAt: new Date(Date.UTC(2026, 10, day, 0, i)).toISOString(),
    }),
  );
}

const { databases, ids } = findingsTestDatabases();

describe.each(ids)('FindingsSyncService with rejected units (%s)', id => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(id);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  function syncOf(source: FindingsSource) {
    return new FindingsSyncService({
      store,
      sources: [source],
      logger: mockServices.logger.mock(),
    });
  }

  it('imports the good units around a rejected one and reads it again next run', async () => {
    const bad = { position: 'line 3', reason: 'not JSON: Unexpected token' };
    const source = new UnitSource('files', [
      findings('a', 3, 1),
      bad,
      findings('c', 2, 5),
    ]);
    const sync = syncOf(source);

    // The first run loads an empty store in one transaction; the second
    // writes batch by batch: both go past the rejected unit.
    for (let run = 0; run < 2; run++) {
      const [result] = await sync.syncAll();
      expect(result).toMatchObject({ ok: true, rejected: 1 });
      expect(await store.count()).toBe(5);
      const [status] = (await sync.status()).sources;
      expect(status).toMatchObject({
        state: 'succeeded',
        lastBatches: 3,
        lastRejected: 1,
        rejected: [
          {
            origin: '/srv/findings/export-2.json',
            position: 'line 3',
            reason: 'not JSON: Unexpected token',
          },
        ],
        // Only up to the rejected unit: what it holds may be older than
        // the units after it, and must be asked for again.
        watermark: '2026-11-01T00:02:00.000Z',
      });
    }
    expect(source.requests[1].updatedSince).toBe('2026-11-01T00:02:00.000Z');

    // Fixed: everything imports and the watermark moves past it all.
    source.units[1] = findings('b', 1, 3);
    await sync.syncAll();
    const [fixed] = (await sync.status()).sources;
    expect(fixed).toMatchObject({
      state: 'succeeded',
      lastRejected: 0,
      rejected: [],
      watermark: '2026-11-05T00:01:00.000Z',
    });
    expect(await store.count()).toBe(6);
  });

  it('keeps at most 100 rejected units and counts them all', async () => {
    const units: Unit[] = Array.from({ length: 105 }, (_, i) => ({
      reason: `bad finding ${i}`,
    }));
    units.push(findings('z', 1, 2));
    const sync = syncOf(new UnitSource('many', units));
    await sync.syncAll();
    const [status] = (await sync.status()).sources;
    expect(status.state).toBe('succeeded');
    expect(status.lastRejected).toBe(105);
    expect(status.rejected).toHaveLength(100);
    expect(status.rejected[0]).toEqual({
      origin: '/srv/findings/export-1.json',
      position: null,
      reason: 'bad finding 0',
    });
    expect(await store.count()).toBe(1);
  });
});
