import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  asffFindingFixture,
  prepareFinding,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  AsffFileFindingsSource,
  SecurityHubFindingsSource,
  createSecurityHubClient,
  type FindingsBatch,
  type FindingsReadOptions,
  type FindingsSource,
} from '@internal/plugin-securityhub-remediation-node';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../FindingsStore';
import { FindingsSyncService } from './FindingsSyncService';

jest.setTimeout(120_000);

const ORIGIN = '111122223333/us-east-1';

function findings(prefix: string, count: number, day = 1): AsffFinding[] {
  return Array.from({ length: count }, (_, i) =>
    asffFindingFixture({
      suffix: `${prefix}${String(i).padStart(6, '0')}`,
      updatedAt: new Date(Date.UTC(2026, 10, day, 0, 0, i)).toISOString(),
    }),
  );
}

/** Security Hub pages, held after page `pauseAfter` until released. */
class ControlledPages implements FindingsSource {
  readonly target = ORIGIN;
  readonly requests: FindingsReadOptions[] = [];
  /** Before reading the page after this one, waits for `release`. */
  pauseAfter: number | undefined;
  private resume: (() => void) | undefined;
  paused = false;

  constructor(
    readonly id: string,
    public pages: AsffFinding[][],
    readonly kind: FindingsSource['kind'] = 'securityhub',
  ) {}

  release(): void {
    this.resume?.();
  }

  async *read(options: FindingsReadOptions): AsyncIterable<FindingsBatch> {
    this.requests.push(options);
    for (const [index, pageFindings] of this.pages.entries()) {
      const page = index + 1;
      yield {
        origin: `${ORIGIN} page ${page}`,
        findings: pageFindings.map(prepareFinding),
      };
      if (page === this.pauseAfter) {
        this.paused = true;
        await new Promise<void>(resolve => {
          this.resume = resolve;
        });
        this.paused = false;
      }
    }
  }
}

type Reply = { status: number; errorType?: string; body: object };
const THROTTLED: Reply = {
  status: 429,
  errorType: 'TooManyRequestsException',
  body: { message: 'Rate exceeded' },
};

/** An HTTP transport for the real Security Hub client, answering from `replies`. */
function fakeTransport(replies: Reply[]) {
  return {
    handle: async () => {
      const reply = replies.shift();
      if (!reply) throw new Error('unexpected extra request');
      return {
        response: {
          statusCode: reply.status,
          headers: {
            'content-type': 'application/json',
            ...(reply.errorType ? { 'x-amzn-errortype': reply.errorType } : {}),
          },
          body: new TextEncoder().encode(JSON.stringify(reply.body)),
        },
      };
    },
  };
}

/** Polls `check` until it holds (each call bounded, so a blocked store fails the test instead of hanging it). */
async function eventually(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const held = await Promise.race([
      check(),
      new Promise<boolean>(resolve => {
        timer = setTimeout(() => resolve(false), 5_000);
      }),
    ]);
    clearTimeout(timer);
    if (held) return;
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

const { databases, ids } = findingsTestDatabases();

describe.each(ids)('FindingsSyncService units (%s)', id => {
  let knex: Knex;
  let store: KnexFindingsStore;
  let dir: string;

  beforeAll(async () => {
    knex = await databases.init(id);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(async () => {
    await clearFindingsDatabase(knex);
    dir = await mkdtemp(join(tmpdir(), 'findings-units-'));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  function syncOf(source: FindingsSource) {
    return new FindingsSyncService({
      store,
      sources: [source],
      logger: mockServices.logger.mock(),
    });
  }

  it('rolls back a file that goes bad after batches of it were written, and keeps the files around it', async () => {
    const bad = [...findings('bad', 3000), { ...findings('worse', 1)[0] }];
    bad[3000].AwsAccountId = 'not-an-account';
    await writeFile(
      join(dir, 'a-good.json'),
      JSON.stringify(findings('a', 500)),
    );
    await writeFile(join(dir, 'b-bad.json'), JSON.stringify(bad));
    await writeFile(
      join(dir, 'c-good.jsonl'),
      findings('c', 1500)
        .map(f => JSON.stringify(f))
        .join('\n'),
    );
    const written = jest.spyOn(KnexFindingsStore.prototype, 'upsertPrepared');
    // A PostgreSQL first load takes the batches encoded for COPY (read
    // before they are written: their buffers go back to the parser).
    const copiedBad: boolean[] = [];
    const writeCopyBatch = KnexFindingsStore.prototype.writeCopyBatch;
    const copied = jest
      .spyOn(KnexFindingsStore.prototype, 'writeCopyBatch')
      .mockImplementation(function write(this: KnexFindingsStore, batch) {
        copiedBad.push(Buffer.from(batch.rows).includes('/finding/bad'));
        return writeCopyBatch.call(this, batch);
      });
    const sync = syncOf(new AsffFileFindingsSource({ id: 'files', path: dir }));

    // First run: a bulk load with a savepoint per file; second: unit by unit.
    for (let run = 0; run < 2; run++) {
      written.mockClear();
      copied.mockClear();
      copiedBad.length = 0;
      const [result] = await sync.syncAll();
      expect(result).toMatchObject({ ok: true, rejected: 1 });
      // Batches of the bad file reached the store before it turned bad...
      const badBatches = [
        ...written.mock.calls.filter(([batch]) =>
          batch[0]?.normalized.id.includes('/finding/bad'),
        ),
        ...copiedBad.filter(Boolean),
      ];
      expect(badBatches.length).toBeGreaterThanOrEqual(1);
      // Only a first load where it pays off (PostgreSQL) takes COPY batches.
      expect(copied.mock.calls.length > 0).toBe(
        run === 0 && store.bulkLoadPaysOff,
      );
      // ...and none of them was kept.
      expect(await store.count()).toBe(2000);
      expect(await store.getMany([bad[0].Id])).toEqual([undefined]);
      const [status] = (await sync.status()).sources;
      expect(status).toMatchObject({
        state: 'succeeded',
        lastRejected: 1,
        rejected: [
          {
            origin: join(dir, 'b-bad.json'),
            position: `finding 3001 ([3000]), Id ${bad[3000].Id}`,
            reason: 'AwsAccountId: must be a 12-digit account id',
          },
        ],
      });
    }
  });

  it('commits a first Security Hub sync page by page while it reads', async () => {
    const source = new ControlledPages('sh', [
      findings('p1', 100, 1),
      findings('p2', 100, 2),
      findings('p3', 100, 3),
    ]);
    source.pauseAfter = 2;
    const bulkLoad = jest.spyOn(store, 'bulkLoad');
    const sync = syncOf(source);
    const run = sync.syncAll();

    await eventually(
      async () => source.paused && (await store.count()) === 200,
      'pages 1 and 2 stored while page 3 is read',
    );
    const status = await sync.status();
    expect(status.totalStored).toBe(200);
    expect(status.sources[0].state).toBe('running');

    source.release();
    const [result] = await run;
    expect(result).toMatchObject({ ok: true, imported: 300, batches: 3 });
    expect(bulkLoad).not.toHaveBeenCalled();
  });

  it('commits a first load of files file by file on SQLite, as one bulk load on PostgreSQL', async () => {
    const source = new ControlledPages(
      'files',
      [findings('f1', 100, 1), findings('f2', 100, 2), findings('f3', 100, 3)],
      'asff-files',
    );
    source.pauseAfter = 2;
    const bulkLoad = jest.spyOn(store, 'bulkLoad');
    const bulk = knex.client.dialect === 'postgresql';
    const run = syncOf(source).syncAll();

    await eventually(async () => source.paused, 'the read held after file 2');
    // SQLite: the two files read are committed and shown; PostgreSQL: the
    // bulk load shows nothing until it commits.
    expect(await store.count()).toBe(bulk ? 0 : 200);

    source.release();
    const [result] = await run;
    expect(result).toMatchObject({ ok: true, imported: 300, batches: 3 });
    expect(await store.count()).toBe(300);
    expect(bulkLoad).toHaveBeenCalledTimes(bulk ? 1 : 0);
  });

  it('rejects a GetFindings page that keeps failing: earlier pages kept, watermark before it, run succeeded', async () => {
    const pages = [1, 2, 3, 4].map(day => findings(`p${day}`, 100, day));
    const replies: Reply[] = [
      { status: 200, body: { Findings: pages[0], NextToken: 'token-2' } },
      { status: 200, body: { Findings: pages[1], NextToken: 'token-3' } },
      THROTTLED,
      THROTTLED,
      THROTTLED,
    ];
    const source = new SecurityHubFindingsSource({
      id: 'sh',
      accountId: '111122223333',
      region: 'us-east-1',
      client: createSecurityHubClient({
        region: 'us-east-1',
        credentials: async () => ({
          accessKeyId: 'testing',
          secretAccessKey: 'testing',
        }),
        maxAttempts: 3,
        retryBaseDelayMs: 1,
        requestHandler: fakeTransport(replies) as never,
      }),
    });
    const sync = syncOf(source);
    const [result] = await sync.syncAll();
    expect(result).toMatchObject({ ok: true, imported: 200, rejected: 1 });
    expect(await store.count()).toBe(200);
    const [status] = (await sync.status()).sources;
    expect(status).toMatchObject({
      state: 'succeeded',
      lastError: null,
      lastRejected: 1,
      // The newest update of page 2: page 3 is asked for again next run.
      watermark: '2026-11-02T00:01:39.000Z',
      rejected: [
        {
          origin: `${ORIGIN} page 3`,
          position: null,
          reason: expect.stringMatching(
            /^GetFindings failed \(after 3 attempt\(s\), HTTP 429\): TooManyRequestsException: Rate exceeded\. The pages after it cannot be read without its NextToken/,
          ),
        },
      ],
    });

    // The next run asks again from the watermark and gets the rest.
    replies.push({
      status: 200,
      body: {
        Findings: [...pages[2], ...pages[3]].slice(0, 100),
        NextToken: 'n',
      },
    });
    replies.push({ status: 200, body: { Findings: pages[3] } });
    await sync.syncAll();
    expect(await store.count()).toBe(400);
    expect((await sync.status()).sources[0].watermark).toBe(
      '2026-11-04T00:01:39.000Z',
    );
  });
});
