/**
 * Extraction of the short identifier a runbook expects (bucket name,
 * security group id, key id, ...) from the ASFF `Resources[0].Id` of a
 * finding.
 *
 * ARN formats handled, per ASFF resource type:
 *
 * | Resource type | `Resources[0].Id` | Identifier |
 * | --- | --- | --- |
 * | AwsS3Bucket | `arn:aws:s3:::my-bucket` | `my-bucket` |
 * | AwsEc2SecurityGroup | `arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc` | `sg-0abc` |
 * | AwsEc2Instance | `arn:aws:ec2:…:instance/i-0abc` | `i-0abc` |
 * | AwsEc2Subnet | `arn:aws:ec2:…:subnet/subnet-0abc` | `subnet-0abc` |
 * | AwsEc2NetworkAcl | `arn:aws:ec2:…:network-acl/acl-0abc` | `acl-0abc` |
 * | AwsIamUser | `arn:aws:iam::111122223333:user/path/alice` | `alice` |
 * | AwsKmsKey | `arn:aws:kms:…:key/1234abcd-…` | `1234abcd-…` |
 * | AwsCloudTrailTrail | `arn:aws:cloudtrail:…:trail/main` | `main` |
 * | AwsRdsDbInstance | `arn:aws:rds:…:db:orders` | `orders` |
 * | AwsRdsDbCluster | `arn:aws:rds:…:cluster:orders` | `orders` |
 * | AwsRedshiftCluster | `arn:aws:redshift:…:cluster:dwh` | `dwh` |
 * | AwsLambdaFunction | `arn:aws:lambda:…:function:fn[:qualifier]` | `fn` |
 * | AwsDynamoDbTable | `arn:aws:dynamodb:…:table/orders` | `orders` |
 * | AwsElbLoadBalancer | `arn:aws:elasticloadbalancing:…:loadbalancer/web` | `web` |
 * | AwsElbv2LoadBalancer | `arn:aws:elasticloadbalancing:…:loadbalancer/app/web/50dc6c495c0c9188` | `web` |
 * | AwsCloudFrontDistribution | `arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE` | `EDFDVBD6EXAMPLE` |
 * | AwsSnsTopic | `arn:aws:sns:…:alerts` | `alerts` |
 * | AwsAccount | `AWS::::Account:111122223333` | `111122223333` |
 *
 * A bare identifier (for example `sg-0abc`, which some integrations send
 * instead of an ARN) is returned unchanged.
 */

/** Splits an ARN into its six parts; undefined when not an ARN. */
function parseArn(
  value: string,
): { service: string; resource: string } | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    return undefined;
  }
  return { service: parts[2], resource: parts.slice(5).join(':') };
}

type Extractor = (resource: string) => string | undefined;

/** `security-group/sg-0abc` → `sg-0abc` (requires the given prefix). */
const afterSlashPrefix =
  (prefix: string): Extractor =>
  resource =>
    resource.startsWith(`${prefix}/`)
      ? resource.slice(prefix.length + 1) || undefined
      : undefined;

/** `db:orders` → `orders` (requires the given prefix). */
const afterColonPrefix =
  (prefix: string): Extractor =>
  resource => {
    if (!resource.startsWith(`${prefix}:`)) {
      return undefined;
    }
    const rest = resource.slice(prefix.length + 1);
    return rest.split(':')[0] || undefined;
  };

const RESOURCE_NAME_EXTRACTORS: Readonly<
  Record<string, { service: string; extract: Extractor }>
> = {
  AwsS3Bucket: { service: 's3', extract: r => r.split('/')[0] || undefined },
  AwsEc2SecurityGroup: {
    service: 'ec2',
    extract: afterSlashPrefix('security-group'),
  },
  AwsEc2Instance: { service: 'ec2', extract: afterSlashPrefix('instance') },
  AwsEc2Subnet: { service: 'ec2', extract: afterSlashPrefix('subnet') },
  AwsEc2NetworkAcl: {
    service: 'ec2',
    extract: afterSlashPrefix('network-acl'),
  },
  AwsIamUser: {
    service: 'iam',
    extract: r =>
      r.startsWith('user/') ? r.split('/').pop() || undefined : undefined,
  },
  AwsKmsKey: { service: 'kms', extract: afterSlashPrefix('key') },
  AwsCloudTrailTrail: {
    service: 'cloudtrail',
    extract: afterSlashPrefix('trail'),
  },
  AwsRdsDbInstance: { service: 'rds', extract: afterColonPrefix('db') },
  AwsRdsDbCluster: { service: 'rds', extract: afterColonPrefix('cluster') },
  AwsRedshiftCluster: {
    service: 'redshift',
    extract: afterColonPrefix('cluster'),
  },
  AwsLambdaFunction: {
    service: 'lambda',
    extract: afterColonPrefix('function'),
  },
  AwsDynamoDbTable: {
    service: 'dynamodb',
    extract: r => afterSlashPrefix('table')(r)?.split('/')[0],
  },
  AwsElbLoadBalancer: {
    service: 'elasticloadbalancing',
    extract: afterSlashPrefix('loadbalancer'),
  },
  AwsElbv2LoadBalancer: {
    service: 'elasticloadbalancing',
    extract: r => {
      const parts = r.split('/');
      return parts[0] === 'loadbalancer' && parts.length === 4
        ? parts[2]
        : undefined;
    },
  },
  AwsCloudFrontDistribution: {
    service: 'cloudfront',
    extract: afterSlashPrefix('distribution'),
  },
  AwsSnsTopic: { service: 'sns', extract: r => r || undefined },
};

/**
 * Fields of `Resources[0].Details.<ResourceType>` that runbooks take as an
 * identifier and that cannot be derived from the ARN.
 */
export const RESOURCE_DETAIL_FIELDS: Readonly<
  Record<string, readonly string[]>
> = {
  AwsRdsDbInstance: ['DbiResourceId'],
  AwsRdsDbCluster: ['DbClusterResourceId'],
  AwsIamUser: ['UserId'],
  AwsElasticBeanstalkEnvironment: ['EnvironmentId'],
  AwsWafWebAcl: ['WebAclId'],
};

/** Resource types `resourceIdentifier` can extract a name for. */
export const RESOURCE_TYPES_WITH_NAME: readonly string[] = [
  ...Object.keys(RESOURCE_NAME_EXTRACTORS),
  'AwsAccount',
];

/**
 * The short identifier of a finding's resource, as runbooks expect it.
 * For `AwsAccount` the account id is returned. With `details` (the ASFF
 * `Resources[0].Details` object) the extraction falls back to the identifier
 * fields listed in `RESOURCE_DETAIL_FIELDS` when the id is not an ARN.
 *
 * Returns undefined when the id does not have the documented shape for the
 * resource type, rather than guessing.
 */
export function resourceIdentifier(
  resourceType: string,
  resourceId: string,
  details?: Readonly<Record<string, unknown>>,
): string | undefined {
  const id = resourceId.trim();
  if (resourceType === 'AwsAccount') {
    const match = /^AWS::::Account:(\d{12})$/.exec(id);
    return match?.[1] ?? (/^\d{12}$/.test(id) ? id : undefined);
  }
  const extractor = RESOURCE_NAME_EXTRACTORS[resourceType];
  if (!extractor) {
    return undefined;
  }
  const arn = parseArn(id);
  if (arn) {
    return arn.service === extractor.service
      ? extractor.extract(arn.resource)
      : undefined;
  }
  if (id && !id.includes(':') && !id.includes('/')) {
    return id;
  }
  const fields = RESOURCE_DETAIL_FIELDS[resourceType] ?? [];
  for (const field of fields) {
    const value = resourceDetail(resourceType, field, details);
    if (value) {
      return value;
    }
  }
  return undefined;
}

/**
 * Reads `details[resourceType][field]` from an ASFF `Resources[0].Details`
 * object, when it is a non-empty string.
 */
export function resourceDetail(
  resourceType: string,
  field: string,
  details?: Readonly<Record<string, unknown>>,
): string | undefined {
  const typed = details?.[resourceType];
  if (!typed || typeof typed !== 'object') {
    return undefined;
  }
  const value = (typed as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
