import http from 'http';
import type { AddressInfo } from 'net';
import v8 from 'v8';
import vm from 'vm';
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  asffFindingFixture,
  prepareFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import { routerApp } from './__testUtils__/routerApp';

jest.setTimeout(300_000);

const { databases } = findingsTestDatabases();

const FINDINGS = 100_000;
const SEED_BATCH = 5_000;
/** Heap growth allowed while the whole export is read. */
const HEAP_BOUND_BYTES = 64 * 1024 * 1024;
/** Heap sampled (after a collection) every this many bytes received. */
const SAMPLE_EVERY_BYTES = 8 * 1024 * 1024;

/** A full collection, so samples measure what is live rather than garbage not yet collected. */
function collectGarbage(): () => void {
  if (global.gc) return global.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

describe('GET /v1/findings/export memory', () => {
  let knex: Knex;
  let server: http.Server;
  const gc = collectGarbage();

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    const store = new KnexFindingsStore(knex);
    const severities = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
    await store.bulkLoad(async writer => {
      for (let start = 0; start < FINDINGS; start += SEED_BATCH) {
        const batch = Array.from({ length: SEED_BATCH }, (_, j) => {
          const i = start + j;
          return prepareFinding(
            asffFindingFixture({
              accountId: String(100000000000 + (i % 20)),
              severity: severities[i % 4],
              suffix: String(i).padStart(6, '0'),
              updatedAt: new Date(
                Date.UTC(2026, 10, 1) + i * 1000,
              ).toISOString(),
            }),
          );
        });
        await writer.upsertPrepared(batch, 'demo');
      }
    });
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    const app = await routerApp({ store, permissions });
    server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
  });

  afterAll(async () => {
    await new Promise(resolve => server?.close(resolve));
  });

  it('exports 100,000 findings with bounded heap growth', async () => {
    const { port } = server.address() as AddressInfo;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let bytes = 0;
    let nextSample = SAMPLE_EVERY_BYTES;
    let newlines = 0;
    let tail = '';

    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(
          `http://127.0.0.1:${port}/v1/findings/export?format=json&sort=updatedAt&order=asc`,
          res => {
            res.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
              for (const byte of chunk) if (byte === 0x0a) newlines++;
              tail = (tail + chunk.toString('utf8')).slice(-16);
              if (bytes >= nextSample) {
                nextSample += SAMPLE_EVERY_BYTES;
                gc();
                peak = Math.max(peak, process.memoryUsage().heapUsed);
              }
            });
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        )
        .on('error', reject);
    });

    expect(status).toBe(200);
    // One line per finding, plus the closing bracket's two.
    expect(newlines).toBe(FINDINGS + 2);
    expect(tail.endsWith('}\n]\n')).toBe(true);
    // Buffered, the body alone would exceed the bound.
    expect(bytes).toBeGreaterThan(HEAP_BOUND_BYTES);
    expect(peak - baseline).toBeLessThan(HEAP_BOUND_BYTES);
  });
});
