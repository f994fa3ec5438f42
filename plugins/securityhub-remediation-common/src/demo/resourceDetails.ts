import { SeededRandom, hashSeed } from './random';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The name after the last `:` or `/` of an ARN. */
const lastName = (arn: string) => arn.split(/[:/]/).pop() ?? arn;

/**
 * `Resources[].Details` as Security Hub sends it, for the resource types
 * whose identifiers runbooks need and an ARN does not carry (RDS resource
 * ids, IAM user ids, Beanstalk environment ids, WAF ACL ids). Derived from
 * the resource id alone, so every finding on one resource agrees.
 */
const DETAILS: Record<string, (id: string, random: SeededRandom) => object> = {
  AwsRdsDbInstance: (id, random) => ({
    DbInstanceIdentifier: lastName(id),
    DbiResourceId: `db-${random.chars(UPPER_ALNUM, 26)}`,
    Engine: 'postgres',
    PubliclyAccessible: false,
  }),
  AwsRdsDbCluster: (id, random) => ({
    DbClusterIdentifier: lastName(id),
    DbClusterResourceId: `cluster-${random.chars(UPPER_ALNUM, 26)}`,
    Engine: 'aurora-postgresql',
  }),
  AwsIamUser: (id, random) => ({
    UserName: lastName(id),
    UserId: `AIDA${random.chars(UPPER_ALNUM, 17)}`,
  }),
  AwsElasticBeanstalkEnvironment: (id, random) => ({
    EnvironmentName: lastName(id),
    EnvironmentId: `e-${random.chars(LOWER_ALNUM, 10)}`,
  }),
  AwsWafWebAcl: id => ({ WebAclId: lastName(id) }),
};

/** `{ [resourceType]: {...} }` for a demo resource, or undefined. */
export function demoResourceDetails(
  type: string,
  resourceId: string,
): Record<string, object> | undefined {
  const build = DETAILS[type];
  if (!build) return undefined;
  return { [type]: build(resourceId, new SeededRandom(hashSeed(resourceId))) };
}
