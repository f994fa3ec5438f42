import { resourceDetail, resourceIdentifier } from './resourceIdentifiers';

describe('resourceIdentifier', () => {
  it.each([
    ['AwsS3Bucket', 'arn:aws:s3:::my-logs-bucket', 'my-logs-bucket'],
    [
      'AwsEc2SecurityGroup',
      'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0123456789abcdef0',
      'sg-0123456789abcdef0',
    ],
    [
      'AwsEc2Instance',
      'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234def567890',
      'i-0abc1234def567890',
    ],
    [
      'AwsEc2Subnet',
      'arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-0abc1234',
      'subnet-0abc1234',
    ],
    [
      'AwsEc2NetworkAcl',
      'arn:aws:ec2:eu-west-1:111122223333:network-acl/acl-0abc1234',
      'acl-0abc1234',
    ],
    ['AwsIamUser', 'arn:aws:iam::111122223333:user/engineering/alice', 'alice'],
    [
      'AwsKmsKey',
      'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      '1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    [
      'AwsCloudTrailTrail',
      'arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events',
      'management-events',
    ],
    [
      'AwsRdsDbInstance',
      'arn:aws:rds:eu-west-1:111122223333:db:orders-db',
      'orders-db',
    ],
    [
      'AwsRdsDbCluster',
      'arn:aws:rds:eu-west-1:111122223333:cluster:orders-aurora',
      'orders-aurora',
    ],
    [
      'AwsRedshiftCluster',
      'arn:aws:redshift:eu-west-1:111122223333:cluster:dwh',
      'dwh',
    ],
    [
      'AwsLambdaFunction',
      'arn:aws:lambda:eu-west-1:111122223333:function:resize-images',
      'resize-images',
    ],
    [
      'AwsLambdaFunction',
      'arn:aws:lambda:eu-west-1:111122223333:function:resize-images:prod',
      'resize-images',
    ],
    [
      'AwsDynamoDbTable',
      'arn:aws:dynamodb:eu-west-1:111122223333:table/Orders',
      'Orders',
    ],
    [
      'AwsElbLoadBalancer',
      'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/legacy-web',
      'legacy-web',
    ],
    [
      'AwsElbv2LoadBalancer',
      'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188',
      'web',
    ],
    [
      'AwsCloudFrontDistribution',
      'arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE',
      'EDFDVBD6EXAMPLE',
    ],
    [
      'AwsSnsTopic',
      'arn:aws:sns:eu-west-1:111122223333:security-alerts',
      'security-alerts',
    ],
    ['AwsAccount', 'AWS::::Account:111122223333', '111122223333'],
    ['AwsEc2SecurityGroup', 'sg-0123456789abcdef0', 'sg-0123456789abcdef0'],
  ])('%s %s → %s', (type, id, expected) => {
    expect(resourceIdentifier(type, id)).toBe(expected);
  });

  it('rejects an ARN of another service or shape', () => {
    expect(
      resourceIdentifier('AwsS3Bucket', 'arn:aws:sns:eu-west-1:111122223333:t'),
    ).toBeUndefined();
    expect(
      resourceIdentifier(
        'AwsEc2Instance',
        'arn:aws:ec2:eu-west-1:111122223333:volume/vol-1',
      ),
    ).toBeUndefined();
    expect(
      resourceIdentifier('AwsIamUser', 'arn:aws:iam::111122223333:role/admin'),
    ).toBeUndefined();
    expect(
      resourceIdentifier('AwsUnknownThing', 'arn:aws:x:::y'),
    ).toBeUndefined();
  });

  it('reads identifier fields from ASFF details', () => {
    const details = { AwsRdsDbInstance: { DbiResourceId: 'db-ABCDEFGHIJKL' } };
    expect(resourceDetail('AwsRdsDbInstance', 'DbiResourceId', details)).toBe(
      'db-ABCDEFGHIJKL',
    );
    expect(
      resourceDetail('AwsRdsDbInstance', 'Missing', details),
    ).toBeUndefined();
    expect(resourceDetail('AwsIamUser', 'UserId')).toBeUndefined();
  });
});
