import type { FindingsTriageUpdate } from './FindingsTriageWriter';
import { LocalFindingsTriageWriter } from './LocalFindingsTriageWriter';

describe('LocalFindingsTriageWriter', () => {
  it('writes to the portal store only and fails the findings the store no longer holds', async () => {
    const received: FindingsTriageUpdate[] = [];
    const writer = new LocalFindingsTriageWriter({
      applyTriageLocally: async update => {
        received.push(update);
        return ['a'];
      },
    });
    const target = (findingId: string) => ({
      findingId,
      productArn: 'arn:product',
      accountId: '111122223333',
      region: 'us-east-1',
      sourceId: 'files',
    });
    const update = {
      findings: [target('a'), target('b')],
      change: { workflowStatus: 'RESOLVED' as const },
      updatedBy: 'user:default/alice',
    };

    await expect(writer.applyTriage(update)).resolves.toEqual([
      { findingId: 'a', status: 'updated' },
      {
        findingId: 'b',
        status: 'failed',
        reason: expect.stringContaining('no longer'),
      },
    ]);
    expect(received).toEqual([update]);
    expect(writer.mode).toBe('local');
  });
});
