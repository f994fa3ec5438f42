import {
  RESOURCE_CONSOLE_URLS,
  controlDocumentationUrl,
  partitionOf,
  resourceConsoleUrl,
  resourceName,
  securityHubFindingUrl,
} from './awsLinks';

const finding = (partition?: string, productPartition = 'aws') => ({
  id: 'arn:aws:securityhub:eu-west-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.5/finding/0a1b',
  region: 'eu-west-1',
  productArn: `arn:${productPartition}:securityhub:eu-west-1::product/aws/securityhub`,
  resources: [
    { type: 'AwsS3Bucket', id: 'arn:aws:s3:::payments-logs', partition },
  ],
});

describe('AWS links', () => {
  it('links the finding in the Security Hub console, its id encoded twice in the search', () => {
    const url = securityHubFindingUrl(finding());
    expect(url).toBe(
      'https://eu-west-1.console.aws.amazon.com/securityhub/home?region=eu-west-1#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn%253Aaws%253Asecurityhub%253Aeu-west-1%253A111122223333%253Asubscription%252Faws-foundational-security-best-practices%252Fv%252F1.0.0%252FS3.5%252Ffinding%252F0a1b',
    );
    // Decoding the fragment's search twice gives back the id.
    const search = new URL(url).hash.split('search=')[1];
    expect(decodeURIComponent(decodeURIComponent(search))).toBe(
      `Id=\\operator\\:EQUALS\\:${finding().id}`,
    );
  });

  it('uses the console host of the partition the finding names', () => {
    expect(partitionOf(finding('aws-cn'))).toBe('aws-cn');
    expect(partitionOf(finding(undefined, 'aws-us-gov'))).toBe('aws-us-gov');
    expect(partitionOf(finding('something-else'))).toBe('aws');
    expect(new URL(securityHubFindingUrl(finding('aws-cn'))).host).toBe(
      'eu-west-1.console.amazonaws.cn',
    );
    expect(
      resourceConsoleUrl(
        {
          type: 'AwsIamRole',
          id: 'arn:aws-us-gov:iam::111122223333:role/ops/deployer',
        },
        finding('aws-us-gov'),
      ),
    ).toBe(
      'https://console.amazonaws-us-gov.com/iam/home#/roles/details/deployer',
    );
  });

  it.each([
    [
      'AwsS3Bucket',
      'arn:aws:s3:::payments-logs',
      'https://eu-west-1.console.aws.amazon.com/s3/buckets/payments-logs?region=eu-west-1',
    ],
    [
      'AwsEc2Instance',
      'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc',
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0abc',
    ],
    [
      'AwsEc2SecurityGroup',
      'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0123',
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-0123',
    ],
    [
      'AwsIamUser',
      'arn:aws:iam::111122223333:user/alice',
      'https://console.aws.amazon.com/iam/home#/users/details/alice',
    ],
    [
      'AwsRdsDbInstance',
      'arn:aws:rds:eu-west-1:111122223333:db:ledger',
      'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#database:id=ledger',
    ],
    [
      'AwsLambdaFunction',
      'arn:aws:lambda:eu-west-1:111122223333:function:rotate-keys',
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/rotate-keys',
    ],
    [
      'AwsKmsKey',
      'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'https://eu-west-1.console.aws.amazon.com/kms/home?region=eu-west-1#/kms/keys/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    [
      'AwsCloudTrailTrail',
      'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail',
      'https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/trails/arn%3Aaws%3Acloudtrail%3Aeu-west-1%3A111122223333%3Atrail%2Forg-trail',
    ],
  ])('links a %s to its console page', (type, id, expected) => {
    expect(resourceConsoleUrl({ type, id }, finding())).toBe(expected);
  });

  it('prefers the resource region and knows no page for other types', () => {
    expect(
      resourceConsoleUrl(
        { type: 'AwsEc2Volume', id: 'vol-1', region: 'us-east-2' },
        finding(),
      ),
    ).toBe(
      'https://us-east-2.console.aws.amazon.com/ec2/home?region=us-east-2#VolumeDetails:volumeId=vol-1',
    );
    expect(
      resourceConsoleUrl({ type: 'Other', id: 'x' }, finding()),
    ).toBeUndefined();
  });

  it('fills every template with known placeholders only, over https', () => {
    for (const [type, template] of Object.entries(RESOURCE_CONSOLE_URLS)) {
      expect({ type, template }).toEqual({
        type,
        template: expect.stringMatching(
          /^https:\/\/\{(console|globalConsole)\}\//,
        ),
      });
      const placeholders = template.match(/\{\w+\}/g) ?? [];
      for (const placeholder of placeholders) {
        expect([
          '{console}',
          '{globalConsole}',
          '{region}',
          '{name}',
          '{id}',
          '{encodedId}',
        ]).toContain(placeholder);
      }
      const url = resourceConsoleUrl(
        { type, id: 'arn:aws:x:::y/z' },
        finding(),
      );
      expect(url).not.toMatch(/[{}]/);
    }
  });

  it('names a resource by the last segment of its id', () => {
    expect(resourceName('arn:aws:s3:::bucket')).toBe('bucket');
    expect(resourceName('arn:aws:iam::1:role/path/to/role')).toBe('role');
    expect(resourceName('sg-123')).toBe('sg-123');
  });

  it('links a control to its section of the user guide', () => {
    expect(controlDocumentationUrl('S3.5')).toBe(
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5',
    );
    expect(controlDocumentationUrl('EC2.19')).toBe(
      'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19',
    );
    expect(controlDocumentationUrl(null)).toBeUndefined();
    expect(controlDocumentationUrl('not a control')).toBeUndefined();
  });
});
