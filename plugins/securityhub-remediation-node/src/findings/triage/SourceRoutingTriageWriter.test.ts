import type { FindingTriageResult } from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingTriageTarget,
  FindingsTriageUpdate,
} from './FindingsTriageWriter';
import {
  SourceRoutingTriageWriter,
  type SourceTriageWriter,
} from './SourceRoutingTriageWriter';

/** A writer of the given sources that records what it was sent. */
function recordingWriter(...sourceIds: string[]) {
  const updates: FindingsTriageUpdate[] = [];
  const writer: SourceTriageWriter = {
    mode: 'securityhub',
    handles: sourceId => sourceIds.includes(sourceId),
    applyTriage: async (update): Promise<FindingTriageResult[]> => {
      updates.push(update);
      return update.findings.map(f => ({
        findingId: f.findingId,
        status: 'updated',
      }));
    },
  };
  return { writer, updates };
}

const target = (findingId: string, sourceId: string): FindingTriageTarget => ({
  findingId,
  productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
  accountId: '111122223333',
  region: 'us-east-1',
  sourceId,
});

describe('SourceRoutingTriageWriter', () => {
  it('sends each finding to the writer of its source, and fails those of no writer, in the order given', async () => {
    const asff = recordingWriter('hub:us-east-1');
    const ocsf = recordingWriter('ocsf:us-east-1');
    const router = new SourceRoutingTriageWriter([asff.writer, ocsf.writer]);
    const findings = [
      target('o1', 'ocsf:us-east-1'),
      target('f1', 'files'),
      target('a1', 'hub:us-east-1'),
      target('o2', 'ocsf:us-east-1'),
    ];

    const results = await router.applyTriage({
      findings,
      change: { note: 'Seen' },
      updatedBy: 'user:default/alice',
    });

    expect(results).toEqual([
      { findingId: 'o1', status: 'updated' },
      {
        findingId: 'f1',
        status: 'failed',
        reason: expect.stringContaining("No Security Hub source 'files'"),
      },
      { findingId: 'a1', status: 'updated' },
      { findingId: 'o2', status: 'updated' },
    ]);
    expect(asff.updates.map(u => u.findings.map(f => f.findingId))).toEqual([
      ['a1'],
    ]);
    expect(ocsf.updates).toEqual([
      {
        findings: [findings[0], findings[3]],
        change: { note: 'Seen' },
        updatedBy: 'user:default/alice',
      },
    ]);
    expect(router.handles('ocsf:us-east-1')).toBe(true);
    expect(router.handles('files')).toBe(false);
  });
});
