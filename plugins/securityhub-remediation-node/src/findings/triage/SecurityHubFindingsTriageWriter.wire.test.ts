import { generateControlFindings } from '../securityhub/__testUtils__/asffFindings';
import {
  startThrottlingSecurityHubServer,
  type ThrottlingSecurityHubServer,
} from '../securityhub/__testUtils__/throttlingSecurityHubServer';
import { wireTargets } from './__testUtils__/wireTargets';
import { securityHubTriageTargetsFromConfig } from './config';
import type { FindingTriageTarget } from './FindingsTriageWriter';
import { SecurityHubFindingsTriageWriter } from './SecurityHubFindingsTriageWriter';

/**
 * The real SDK client (signing, REST-JSON, retries) against the local
 * Security Hub stand-in, which applies BatchUpdateFindings and enforces its
 * quota with ThrottlingException.
 */
jest.setTimeout(60_000);

const ACCOUNT = '111122223333';
const findings = generateControlFindings(250, { accountId: ACCOUNT });

function targetsOf(list: typeof findings): FindingTriageTarget[] {
  return list.map(f => ({
    findingId: f.Id,
    productArn: f.ProductArn,
    accountId: ACCOUNT,
    region: 'us-east-1',
    sourceId: 'hub:us-east-1',
  }));
}

async function writerFor(
  server: ThrottlingSecurityHubServer,
  rateLimit?: { requestsPerSecond: number; burst: number },
) {
  return new SecurityHubFindingsTriageWriter(
    await wireTargets(
      securityHubTriageTargetsFromConfig,
      { id: 'hub', type: 'securityhub', accountId: ACCOUNT },
      server,
      rateLimit,
    ),
  );
}

describe('BatchUpdateFindings against a local Security Hub', () => {
  let server: ThrottlingSecurityHubServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('writes status and note back, moves UpdatedAt, and reports unknown findings as failed', async () => {
    server = await startThrottlingSecurityHubServer({
      findings,
      requestsPerSecond: 10,
      burst: 10,
    });
    const writer = await writerFor(server);
    const before = Date.now();
    const known = targetsOf(findings.slice(0, 3));
    const unknown = { ...known[0], findingId: `${known[0].findingId}-gone` };

    const results = await writer.applyTriage({
      findings: [...known, unknown],
      change: { workflowStatus: 'SUPPRESSED', note: 'Accepted risk' },
      updatedBy: 'user:default/alice',
    });

    expect(results.map(r => r.status)).toEqual([
      'updated',
      'updated',
      'updated',
      'failed',
    ]);
    expect(results[3].reason).toContain('FindingNotFound');
    const stored = server.finding(known[0].findingId)!;
    expect(stored).toMatchObject({
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'Accepted risk', UpdatedBy: 'user:default/alice' },
    });
    expect(Date.parse(String(stored.UpdatedAt))).toBeGreaterThanOrEqual(before);
    expect(server.finding(findings[3].Id)).toMatchObject({
      Workflow: { Status: 'NEW' },
    });
  });

  it('retries throttled calls until every finding is written', async () => {
    // Quota of 2 per second and a client limiter far above it: throttling
    // answers come back and the SDK's retries must carry the calls through.
    server = await startThrottlingSecurityHubServer({
      findings,
      requestsPerSecond: 10,
      burst: 10,
      batchUpdate: { requestsPerSecond: 4, burst: 1 },
    });
    const writer = await writerFor(server, {
      requestsPerSecond: 100,
      burst: 3,
    });
    const parts = [0, 1, 2].map(i =>
      targetsOf(findings.slice(i * 80, i * 80 + 80)),
    );

    const results = await Promise.all(
      parts.map(part =>
        writer.applyTriage({
          findings: part,
          change: { workflowStatus: 'NOTIFIED' },
          updatedBy: 'user:default/alice',
        }),
      ),
    );

    expect(results.flat().every(r => r.status === 'updated')).toBe(true);
    expect(server.batchUpdateStats.throttled).toBeGreaterThan(0);
    expect(server.batchUpdateStats.batches).toHaveLength(3);
    expect(server.finding(findings[239].Id)).toMatchObject({
      Workflow: { Status: 'NOTIFIED' },
    });
  });

  it('keeps under the 10 requests per second quota by default, without being throttled', async () => {
    server = await startThrottlingSecurityHubServer({
      findings,
      requestsPerSecond: 10,
      burst: 10,
    });
    const writer = await writerFor(server);
    // 25 single-finding triages at once: more than the burst of 10.
    const results = await Promise.all(
      targetsOf(findings.slice(0, 25)).map(target =>
        writer.applyTriage({
          findings: [target],
          change: { note: 'Seen' },
          updatedBy: 'user:default/alice',
        }),
      ),
    );
    expect(results.flat().every(r => r.status === 'updated')).toBe(true);
    expect(server.batchUpdateStats.throttled).toBe(0);
    const { admittedAt } = server.batchUpdateStats;
    // 20 beyond the client's burst of 5 at 8 per second take 2.5 s.
    expect(admittedAt[admittedAt.length - 1] - admittedAt[0]).toBeGreaterThan(
      2000,
    );
  });
});
