import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  asffFindingFixture,
  prepareFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsBatch,
  FindingsSource,
} from '@internal/plugin-securityhub-remediation-node';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore, type SyncStateRecord } from '../FindingsStore';
import { FindingsSyncService } from './FindingsSyncService';
import { InterruptedSyncRecovery } from './InterruptedSyncRecovery';
import { KnexSyncRunRecords } from './SyncRunRecords';
import { neverRun } from './syncStatusView';

jest.setTimeout(60_000);

/** One finding; waits for `gate` first when given. */
class OneFindingSource implements FindingsSource {
  readonly kind = 'securityhub' as const;
  readonly target = '111122223333/us-east-1';
  constructor(readonly id: string, private readonly gate?: Promise<void>) {}

  async *read(): AsyncIterable<FindingsBatch> {
    await this.gate;
    yield {
      origin: 'page 1',
      findings: [prepareFinding(asffFindingFixture({ suffix: this.id }))],
    };
  }
}

/**
 * The scheduler's global lease as seen from outside: held by a run until
 * cancelled; a trigger while held is a conflict.
 */
class LeaseScheduler {
  leaseHeld = true;
  readonly triggered: string[] = [];
  constructor(private readonly run: () => Promise<unknown>) {}
  async cancelTask(id: string) {
    if (!this.leaseHeld) throw new ConflictError(`Task ${id} is not running`);
    this.leaseHeld = false;
  }
  async triggerTask(id: string) {
    if (this.leaseHeld) {
      throw new ConflictError(`Task ${id} is currently running`);
    }
    this.triggered.push(id);
    this.leaseHeld = true;
    await this.run();
    this.leaseHeld = false;
  }
}

/**
 * The scheduler as a trigger sees it: the task becomes due (again and again,
 * until an instance claims it), and `claim` runs it as the next poll would.
 */
class DueScheduler {
  triggers = 0;
  running = false;
  constructor(private readonly run: () => Promise<unknown>) {}
  async cancelTask(id: string) {
    throw new ConflictError(`Task ${id} is not running`);
  }
  async triggerTask(id: string) {
    if (this.running)
      throw new ConflictError(`Task ${id} is currently running`);
    this.triggers += 1;
  }
  async claim() {
    this.running = true;
    await this.run();
    this.running = false;
  }
}

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

function runningRow(
  sourceId: string,
  owner: string,
  heartbeatAt: string,
): SyncStateRecord {
  return {
    ...neverRun({
      id: sourceId,
      kind: 'securityhub',
      target: '111122223333/us-east-1',
    } as FindingsSource),
    state: 'running',
    lastStartedAt: minutesAgo(20),
    runOwner: owner,
    heartbeatAt,
  };
}

const { databases, ids } = findingsTestDatabases();

describe.each(ids)('interrupted findings syncs (%s)', id => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(id);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  function syncOf(sources: FindingsSource[], staleAfterMs = 90_000) {
    return new FindingsSyncService({
      store,
      sources,
      logger: mockServices.logger.mock(),
      runs: new KnexSyncRunRecords(knex),
      heartbeatMs: 100,
      staleAfterMs,
    });
  }

  it('on start marks a run left by a dead backend interrupted and starts the next at once', async () => {
    await store.putSyncState(runningRow('dead', 'crashed-run', minutesAgo(5)));
    await store.putSyncState(
      runningRow('alive', 'other-instance', minutesAgo(0)),
    );
    const sync = syncOf([
      new OneFindingSource('dead'),
      new OneFindingSource('alive'),
    ]);
    const scheduler = new LeaseScheduler(() => sync.syncAll());
    // Another instance's run goes on: nothing may be cancelled under it.
    const recovery = new InterruptedSyncRecovery({
      sync,
      scheduler,
      taskId: 'sync',
      logger: mockServices.logger.mock(),
    });
    await recovery.start();
    let [dead, alive] = (await sync.status()).sources;
    expect(dead.state).toBe('interrupted');
    expect(dead.lastFinishedAt).not.toBeNull();
    expect(dead.lastError).toMatch(/backend running this sync .* stopped/);
    expect(alive.state).toBe('running');
    expect(scheduler.leaseHeld).toBe(true);
    expect(scheduler.triggered).toEqual([]);

    // Once that run is gone too, the lease is released and a run starts.
    await knex('securityhub_sync_state')
      .where({ source_id: 'alive' })
      .update({ heartbeat_at: minutesAgo(5) });
    await recovery.start();
    recovery.stop();
    expect(scheduler.triggered).toEqual(['sync']);
    [dead, alive] = (await sync.status()).sources;
    expect(dead.state).toBe('succeeded');
    expect(alive.state).toBe('succeeded');
    expect(await store.count()).toBe(2);
  });

  it('"Sync now" recovers a dead run instead of answering that it runs', async () => {
    await store.putSyncState(runningRow('dead', 'crashed-run', minutesAgo(5)));
    const sync = syncOf([new OneFindingSource('dead')]);
    const scheduler = new LeaseScheduler(() => sync.syncAll());
    const recovery = new InterruptedSyncRecovery({
      sync,
      scheduler,
      taskId: 'sync',
      logger: mockServices.logger.mock(),
    });
    await recovery.trigger();
    expect(scheduler.triggered).toEqual(['sync']);
    expect((await sync.status()).sources[0].state).toBe('succeeded');

    // A live run: the conflict stands.
    scheduler.leaseHeld = true;
    await store.putSyncState(runningRow('dead', 'live-run', minutesAgo(0)));
    await expect(recovery.trigger()).rejects.toThrow(/currently running/);
  });

  it('keeps the heartbeat of a live run fresh, so another instance leaves it alone', async () => {
    let open!: () => void;
    const gate = new Promise<void>(resolve => {
      open = resolve;
    });
    // Not a first load: its transaction would hold SQLite's only connection.
    await store.upsertBatch([asffFindingFixture({ suffix: 'seed' })], 'seed');
    const running = syncOf([new OneFindingSource('slow', gate)], 1500);
    const run = running.syncAll();
    // Longer than the stale window: only heartbeats keep it alive.
    await new Promise(resolve => setTimeout(resolve, 2500));
    const otherInstance = syncOf([new OneFindingSource('slow')], 1500);
    const check = await otherInstance.markInterruptedRuns();
    expect(check.interrupted).toEqual([]);
    expect(check.liveRun).toBe(true);
    open();
    await run;
    expect((await running.status()).sources[0].state).toBe('succeeded');
    expect(await store.count()).toBe(2);
  });

  const recoveryOf = (
    sync: FindingsSyncService,
    scheduler: LeaseScheduler | DueScheduler,
    checkEveryMs?: number,
  ) =>
    new InterruptedSyncRecovery({
      sync,
      scheduler,
      taskId: 'sync',
      logger: mockServices.logger.mock(),
      checkEveryMs,
    });

  it('answers a second "Sync now" before the requested run starts, on any instance, with a conflict', async () => {
    const instanceA = syncOf([new OneFindingSource('s')]);
    const instanceB = syncOf([new OneFindingSource('s')]);
    const scheduler = new DueScheduler(() => instanceA.syncAll());
    await recoveryOf(instanceA, scheduler).trigger();
    await expect(recoveryOf(instanceB, scheduler).trigger()).rejects.toThrow(
      /was requested at .* starts within seconds/,
    );
    expect(scheduler.triggers).toBe(1);
    // Once the requested run started, a new request is taken.
    await scheduler.claim();
    await recoveryOf(instanceB, scheduler).trigger();
    expect(scheduler.triggers).toBe(2);
  });

  it('withdraws a request the scheduler refused, and lets one expire that nobody picked up', async () => {
    const sync = syncOf([new OneFindingSource('s')]);
    const scheduler = new DueScheduler(() => sync.syncAll());
    scheduler.running = true;
    await expect(recoveryOf(sync, scheduler).trigger()).rejects.toThrow(
      /currently running/,
    );
    scheduler.running = false;
    await recoveryOf(sync, scheduler).trigger();
    expect(scheduler.triggers).toBe(1);

    await knex('securityhub_sync_requests').update({
      requested_at: minutesAgo(2),
    });
    await recoveryOf(sync, scheduler).trigger();
    expect(scheduler.triggers).toBe(2);
  });

  it('takes over a run whose backend died while this instance runs, without a restart', async () => {
    const sync = syncOf([new OneFindingSource('dead')]);
    const scheduler = new LeaseScheduler(() => sync.syncAll());
    const recovery = recoveryOf(sync, scheduler, 100);
    await recovery.start();
    expect(scheduler.triggered).toEqual([]);
    await store.putSyncState(runningRow('dead', 'crashed-run', minutesAgo(5)));
    const state = async () => (await sync.status()).sources[0].state;
    for (let i = 0; i < 50 && (await state()) !== 'succeeded'; i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    recovery.stop();
    expect(scheduler.triggered).toEqual(['sync']);
    expect(await state()).toBe('succeeded');
  });
});
