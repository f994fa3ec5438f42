import { isValidStackName, remediationStackName } from './stackName';
import { renderParametersFile } from './parametersFile';

describe('remediationStackName', () => {
  it.each([
    ['S3.5', 'SecHubRemediation-S3-5'],
    ['EC2.19', 'SecHubRemediation-EC2-19'],
    ['Config.1', 'SecHubRemediation-Config-1'],
  ])('%s → %s, a valid stack name', (control, name) => {
    expect(remediationStackName(control)).toBe(name);
    expect(isValidStackName(name)).toBe(true);
  });

  it.each(['', 'S3', '../S3.5', 'S3.5; rm -rf /', 'S3.5/x', '3S.5'])(
    'rejects %j instead of building a path from it',
    bad => {
      expect(() => remediationStackName(bad)).toThrow(
        /not a Security Hub control id/,
      );
    },
  );

  it('knows what CloudFormation accepts', () => {
    expect(isValidStackName('a'.repeat(128))).toBe(true);
    expect(isValidStackName('a'.repeat(129))).toBe(false);
    expect(isValidStackName('1abc')).toBe(false);
    expect(isValidStackName('a_b')).toBe(false);
  });
});

describe('renderParametersFile', () => {
  it('writes sorted CloudFormation parameters with string values', () => {
    const text = renderParametersFile({
      BucketName: 'payments-prod-logs',
      AutomationAssumeRoleName: 'x',
      Retention: 7,
      Enabled: true,
      Regions: ['us-east-1', 'eu-west-1'],
    });
    expect(JSON.parse(text)).toEqual([
      { ParameterKey: 'AutomationAssumeRoleName', ParameterValue: 'x' },
      { ParameterKey: 'BucketName', ParameterValue: 'payments-prod-logs' },
      { ParameterKey: 'Enabled', ParameterValue: 'true' },
      { ParameterKey: 'Regions', ParameterValue: 'us-east-1,eu-west-1' },
      { ParameterKey: 'Retention', ParameterValue: '7' },
    ]);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('rejects a key CloudFormation would not accept', () => {
    expect(() => renderParametersFile({ 'Bucket-Name': 'x' })).toThrow(
      /not a CloudFormation parameter name/,
    );
  });
});
