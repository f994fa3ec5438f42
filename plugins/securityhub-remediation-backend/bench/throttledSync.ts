import knexFactory from 'knex';
import { generateDemoFindings } from '@internal/plugin-securityhub-remediation-common';
import {
  RateLimiter,
  SecurityHubFindingsSource,
  createSecurityHubClient,
} from '@internal/plugin-securityhub-remediation-node';
// Benchmark-only helpers of the node package, not part of its public API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { startThrottlingSecurityHubServer } from '../../securityhub-remediation-node/src/testUtils';
import { KnexFindingsStore } from '../src/services/FindingsStore';
import { FindingsSyncService } from '../src/services/FindingsSync';
import { MIGRATIONS_DIR } from '../src/__testUtils__/testDatabases';
import { storedFindings } from './databases';
import { round } from './stats';

export interface ThrottledSyncScenario {
  name: string;
  /** The server's quota: requests per second and burst. */
  allowed: number;
  burst: number;
  /** The client's own limiter rate (burst = same as the server's). */
  clientRate: number;
  pages: number;
}

/**
 * Syncs `pages` pages of GetFindings through the real SDK client and the
 * Security Hub source, against a local server that answers 429 above its
 * quota. Reports the achieved rate against the most the quota allows in the
 * elapsed time (burst + rate × seconds) and whether any page was lost.
 */
export async function runThrottledSync(scenario: ThrottledSyncScenario) {
  const findings = generateDemoFindings({
    count: scenario.pages * 100,
    seed: 7,
  });
  const server = await startThrottlingSecurityHubServer({
    findings,
    requestsPerSecond: scenario.allowed,
    burst: scenario.burst,
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    await knex.migrate.latest({ directory: MIGRATIONS_DIR });
    const store = new KnexFindingsStore(knex);
    const region = 'us-east-1';
    const source = new SecurityHubFindingsSource({
      accountId: '210987654321',
      region,
      client: createSecurityHubClient({
        region,
        endpoint: server.endpoint,
        credentials: async () => ({
          accessKeyId: 'bench',
          secretAccessKey: 'bench',
        }),
      }),
      rateLimiter: new RateLimiter({
        requestsPerSecond: scenario.clientRate,
        burst: scenario.burst,
      }),
    });
    const logger = {
      info() {},
      warn() {},
      error() {},
      debug() {},
      child() {
        return logger;
      },
    } as any;
    const sync = new FindingsSyncService({ store, sources: [source], logger });

    const start = performance.now();
    const [result] = await sync.syncAll();
    const seconds = (performance.now() - start) / 1000;
    const status = (await sync.status()).sources[0];
    const stored = await storedFindings(knex);
    const admitted = server.stats.pagesServed + server.stats.transientErrors;
    const maxAdmissible = scenario.burst + scenario.allowed * seconds;
    return {
      name: scenario.name,
      allowedPerSecond: scenario.allowed,
      burst: scenario.burst,
      clientRatePerSecond: scenario.clientRate,
      pages: scenario.pages,
      seconds: round(seconds, 2),
      achievedPerSecond: round(admitted / seconds, 2),
      fractionOfAllowed: round(admitted / maxAdmissible, 3),
      requests: server.stats.requests,
      throttledResponses: server.stats.throttled,
      retriesReported: status.lastRetries,
      errorsSurfaced: result.ok ? 0 : 1,
      syncError: result.error ?? null,
      storedFindings: stored,
      lostPages: Math.ceil((findings.length - stored) / 100),
    };
  } finally {
    await knex.destroy();
    await server.close();
  }
}
