import { complianceFinding } from '../ocsf/__fixtures__/ocsfFindings';
import { ocsfToAsffFinding } from '../ocsf/ocsfToAsff';
import {
  startThrottlingSecurityHubServer,
  type ThrottlingSecurityHubServer,
} from '../securityhub/__testUtils__/throttlingSecurityHubServer';
import { wireTargets } from './__testUtils__/wireTargets';
import { securityHubOcsfTriageTargetsFromConfig } from './config';
import type { FindingTriageTarget } from './FindingsTriageWriter';
import { ocsfFindingIdentifierOf } from './ocsfFindingIdentifier';
import { SecurityHubOcsfFindingsTriageWriter } from './SecurityHubOcsfFindingsTriageWriter';

/**
 * The real SDK client (signing, REST-JSON, retries) against the local
 * Security Hub stand-in, which applies BatchUpdateFindingsV2 to OCSF
 * findings and enforces its quota with ThrottlingException.
 */
jest.setTimeout(60_000);

const ACCOUNT = complianceFinding.cloud.account.uid;
const ocsfFindings = Array.from({ length: 250 }, (_, i) => ({
  ...structuredClone(complianceFinding),
  finding_info: {
    ...complianceFinding.finding_info,
    uid: `${complianceFinding.finding_info.uid}-${i}`,
  },
}));

/** Targets as the backend builds them: from the stored (translated) document. */
function targetsOf(list: typeof ocsfFindings): FindingTriageTarget[] {
  return list.map(original => {
    const stored = ocsfToAsffFinding(original);
    return {
      findingId: stored.Id,
      productArn: stored.ProductArn,
      accountId: ACCOUNT,
      region: 'us-east-1',
      sourceId: 'ocsf:us-east-1',
      ocsf: ocsfFindingIdentifierOf(stored),
    };
  });
}

async function writerFor(
  server: ThrottlingSecurityHubServer,
  rateLimit?: { requestsPerSecond: number; burst: number },
) {
  return new SecurityHubOcsfFindingsTriageWriter(
    await wireTargets(
      securityHubOcsfTriageTargetsFromConfig,
      { id: 'ocsf', type: 'securityhub-ocsf', accountId: ACCOUNT },
      server,
      rateLimit,
    ),
  );
}

describe('BatchUpdateFindingsV2 against a local Security Hub', () => {
  let server: ThrottlingSecurityHubServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('writes status and comment back, leaves the times, and reports unknown findings as failed', async () => {
    server = await startThrottlingSecurityHubServer({
      findings: [],
      ocsfFindings,
      requestsPerSecond: 10,
      burst: 10,
    });
    const writer = await writerFor(server);
    const known = targetsOf(ocsfFindings.slice(0, 3));
    const unknown = {
      ...known[0],
      findingId: `${known[0].findingId}-gone`,
      ocsf: { ...known[0].ocsf!, findingInfoUid: `${known[0].findingId}-gone` },
    };

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
    expect(results[3].reason).toContain('ResourceNotFoundException');
    const stored = server.ocsfFinding(known[0].findingId)!;
    expect(stored).toMatchObject({
      status_id: 3,
      status: 'Suppressed',
      comment: '[user:default/alice] Accepted risk',
      finding_info: {
        modified_time_dt: complianceFinding.finding_info.modified_time_dt,
      },
    });
    const untouched = server.ocsfFinding(ocsfFindings[3].finding_info.uid);
    expect(untouched).toMatchObject({ status_id: 1 });
    expect(untouched).not.toHaveProperty('comment');
    expect(server.batchUpdateStats.requests).toBe(0);
  });

  it('retries throttled calls until every finding is written, 100 per call', async () => {
    server = await startThrottlingSecurityHubServer({
      findings: [],
      ocsfFindings,
      requestsPerSecond: 10,
      burst: 10,
      batchUpdate: { requestsPerSecond: 4, burst: 1 },
    });
    const writer = await writerFor(server, {
      requestsPerSecond: 100,
      burst: 3,
    });
    const parts = [0, 1, 2].map(i =>
      targetsOf(ocsfFindings.slice(i * 80, i * 80 + 80)),
    );

    const results = await Promise.all([
      ...parts.map(part =>
        writer.applyTriage({
          findings: part,
          change: { workflowStatus: 'RESOLVED' },
          updatedBy: 'user:default/alice',
        }),
      ),
    ]);

    expect(results.flat().every(r => r.status === 'updated')).toBe(true);
    expect(server.batchUpdateV2Stats.throttled).toBeGreaterThan(0);
    expect(server.batchUpdateV2Stats.batches).toHaveLength(3);
    expect(
      server.ocsfFinding(ocsfFindings[239].finding_info.uid),
    ).toMatchObject({ status_id: 4 });
  });

  it('sends more than 100 findings in calls of at most 100, paced under the quota', async () => {
    server = await startThrottlingSecurityHubServer({
      findings: [],
      ocsfFindings,
      requestsPerSecond: 10,
      burst: 10,
    });
    const writer = await writerFor(server);
    const results = await writer.applyTriage({
      findings: targetsOf(ocsfFindings),
      change: { note: 'Seen' },
      updatedBy: 'user:default/alice',
    });
    expect(results.every(r => r.status === 'updated')).toBe(true);
    expect(server.batchUpdateV2Stats.batches.map(b => b.length)).toEqual([
      100, 100, 50,
    ]);
    expect(server.batchUpdateV2Stats.throttled).toBe(0);
  });
});
