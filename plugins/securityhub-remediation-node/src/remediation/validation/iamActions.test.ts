import type { LocatedStep } from './automationStepChecks';
import {
  actionSupportsOnlyWildcardResource,
  deriveRequiredActions,
  iamActionForApi,
} from './iamActions';

const step = (
  name: string,
  action: string,
  inputs: Record<string, unknown>,
): LocatedStep => ({
  name,
  action,
  path: name,
  step: { name, action, inputs },
});

const neverDynamic = () => false;

describe('iamActionForApi', () => {
  it.each([
    ['s3', 'PutBucketEncryption', 's3:PutEncryptionConfiguration'],
    ['s3', 'GetBucketEncryption', 's3:GetEncryptionConfiguration'],
    ['s3', 'PutPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
    ['s3', 'GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
    ['s3', 'PutBucketLogging', 's3:PutBucketLogging'],
    ['s3', 'GetBucketPolicy', 's3:GetBucketPolicy'],
    ['s3', 'PutBucketVersioning', 's3:PutBucketVersioning'],
    ['s3', 'GetBucketLifecycleConfiguration', 's3:GetLifecycleConfiguration'],
    ['s3', 'PutBucketLifecycleConfiguration', 's3:PutLifecycleConfiguration'],
    ['s3', 'PutBucketAcl', 's3:PutBucketAcl'],
    ['s3control', 'PutPublicAccessBlock', 's3:PutAccountPublicAccessBlock'],
    [
      'elbv2',
      'ModifyLoadBalancerAttributes',
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
    ],
    ['ec2', 'EnableEbsEncryptionByDefault', 'ec2:EnableEbsEncryptionByDefault'],
    ['EC2', 'describe_security_groups', 'ec2:DescribeSecurityGroups'],
    ['logs', 'PutRetentionPolicy', 'logs:PutRetentionPolicy'],
    ['apigateway', 'GetStage', 'apigateway:GET'],
    ['apigateway', 'UpdateStage', 'apigateway:PATCH'],
    ['apigateway', 'DeleteStage', 'apigateway:DELETE'],
    ['apigatewayv2', 'UpdateStage', 'apigateway:PATCH'],
  ])('%s %s → %s', (service, api, expected) => {
    expect(iamActionForApi(service, api)).toBe(expected);
  });

  it('needs nothing for sts GetCallerIdentity and knows no made-up API', () => {
    expect(iamActionForApi('sts', 'GetCallerIdentity')).toBeNull();
    expect(iamActionForApi('s3', 'PutBucketEncryptionn')).toBeUndefined();
    expect(iamActionForApi('nope', 'Get')).toBeUndefined();
  });
});

describe('deriveRequiredActions', () => {
  it('collects API actions, executeAutomation and script steps', () => {
    const required = deriveRequiredActions(
      [
        step('Put', 'aws:executeAwsApi', {
          Service: 's3',
          Api: 'PutBucketEncryption',
        }),
        step('Check', 'aws:assertAwsResourceProperty', {
          Service: 's3',
          Api: 'GetBucketEncryption',
        }),
        step('Wait', 'aws:waitForAwsResourceProperty', {
          Service: 's3',
          Api: 'GetBucketEncryption',
        }),
        step('Child', 'aws:executeAutomation', { DocumentName: 'AWS-X' }),
        step('Script', 'aws:executeScript', {
          Runtime: 'python3.11',
          Handler: 'h',
        }),
        step('Pause', 'aws:sleep', { Duration: 'PT1S' }),
        step('Stop', 'aws:changeInstanceState', {
          InstanceIds: ['i-1'],
          DesiredState: 'stopped',
        }),
      ],
      neverDynamic,
    );
    expect(Object.fromEntries(required.needed)).toEqual({
      's3:PutEncryptionConfiguration': ['Put'],
      's3:GetEncryptionConfiguration': ['Check', 'Wait'],
      'ssm:StartAutomationExecution': ['Child'],
      'ssm:GetAutomationExecution': ['Child'],
      'ec2:DescribeInstanceStatus': ['Stop'],
      'ec2:StopInstances': ['Stop'],
    });
    expect(required.scriptSteps).toEqual(['Script']);
    expect(required.underivableSteps).toEqual([]);
  });

  it('cannot derive a dynamic Service', () => {
    const required = deriveRequiredActions(
      [
        step('Call', 'aws:executeAwsApi', {
          Service: '{{ Service }}',
          Api: 'X',
        }),
      ],
      value => typeof value === 'string' && value.includes('{{'),
    );
    expect(required.needed.size).toBe(0);
    expect(required.underivableSteps).toEqual(['Call']);
  });
});

describe('actionSupportsOnlyWildcardResource', () => {
  it.each([
    ['ec2:DescribeSecurityGroups', true],
    ['ec2:EnableEbsEncryptionByDefault', true],
    ['s3:ListAllMyBuckets', true],
    ['iam:UpdateAccountPasswordPolicy', true],
    ['s3:PutEncryptionConfiguration', false],
    ['ec2:RevokeSecurityGroupIngress', false],
  ])('%s → %s', (action, expected) => {
    expect(actionSupportsOnlyWildcardResource(action)).toBe(expected);
  });
});
