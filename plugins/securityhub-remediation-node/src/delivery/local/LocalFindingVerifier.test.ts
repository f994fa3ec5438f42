import { LocalFindingVerifier } from './LocalFindingVerifier';

describe('LocalFindingVerifier', () => {
  it('marks the finding PASSED locally with a note naming the run', async () => {
    const markPassedLocally = jest.fn().mockResolvedValue('PASSED');
    const verifier = new LocalFindingVerifier({
      updater: { markPassedLocally },
    });
    const result = await verifier.verify({
      remediationId: 'rem-1',
      findingId: 'finding-1',
      controlId: 'S3.5',
      accountId: '123456789012',
      region: 'us-east-1',
      automationExecutionId: 'exec-1',
    });
    expect(markPassedLocally).toHaveBeenCalledWith('finding-1', result.note);
    expect(result).toMatchObject({
      complianceStatus: 'PASSED',
      mode: 'local',
      final: true,
    });
    expect(result.note).toMatch(/rem-1.*exec-1.*nothing was changed in AWS/);
  });
});
