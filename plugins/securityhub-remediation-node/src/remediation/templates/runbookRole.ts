import type { AwsRunbookRemediation } from '../knowledge';
import { actionSupportsOnlyWildcardResource } from '../validation';
import type { RoleStatement } from './automationTemplate';

/** Services whose ARNs carry no region (and, for S3, no account). */
const GLOBAL_SERVICES = new Set(['iam', 'cloudfront', 'waf', 'route53']);

/** Every resource of a service in this account and region, as an ARN pattern. */
function accountResources(prefix: string): string {
  if (prefix === 's3') return 'arn:${AWS::Partition}:s3:::*';
  const region = GLOBAL_SERVICES.has(prefix) ? '' : '${AWS::Region}';
  return `arn:\${AWS::Partition}:${prefix}:${region}:\${AWS::AccountId}:*`;
}

const START = 'ssm:StartAutomationExecution';
const GET = 'ssm:GetAutomationExecution';

/** IAM service prefix of an ARN: `arn:aws:s3:::b` → `s3`. */
const ARN_SERVICE: Record<string, string> = {
  AwsS3Bucket: 's3',
  AwsEc2SecurityGroup: 'ec2',
  AwsEc2Instance: 'ec2',
  AwsEc2Subnet: 'ec2',
  AwsEc2NetworkAcl: 'ec2',
  AwsEc2Vpc: 'ec2',
  AwsIamUser: 'iam',
  AwsKmsKey: 'kms',
  AwsCloudTrailTrail: 'cloudtrail',
  AwsRdsDbInstance: 'rds',
  AwsRdsDbCluster: 'rds',
  AwsRedshiftCluster: 'redshift',
  AwsLambdaFunction: 'lambda',
  AwsDynamoDbTable: 'dynamodb',
  AwsElbLoadBalancer: 'elasticloadbalancing',
  AwsElbv2LoadBalancer: 'elasticloadbalancing',
  AwsCloudFrontDistribution: 'cloudfront',
  AwsSnsTopic: 'sns',
  AwsAutoScalingAutoScalingGroup: 'autoscaling',
  AwsSecretsManagerSecret: 'secretsmanager',
  AwsApiGatewayStage: 'apigateway',
};

/** The runbook's actions on the finding's own resource (same service). */
export function actionsOnResource(runbook: AwsRunbookRemediation): string[] {
  const service = ARN_SERVICE[runbook.resourceType];
  return runbook.requiredIamActions.filter(
    a => a !== START && a !== GET && a.split(':')[0] === service,
  );
}

/**
 * The wrapper document's role: start and watch that one AWS runbook, plus
 * what the runbook itself does (it runs under the same role). Actions on the
 * finding's own service are limited to the resource's ARN; the others (and
 * every action when the finding gives no ARN) cannot be named in advance.
 */
export function runbookRoleStatements(
  runbook: AwsRunbookRemediation,
  resourceArnParameter: string | undefined,
): RoleStatement[] {
  const own = runbook.requiredIamActions.filter(a => a !== START && a !== GET);
  const onResource = resourceArnParameter ? actionsOnResource(runbook) : [];
  const elsewhere = own.filter(a => !onResource.includes(a));
  const statements: RoleStatement[] = [
    {
      actions: [START],
      resources: [
        `arn:\${AWS::Partition}:ssm:\${AWS::Region}:*:automation-definition/${runbook.runbook}:*`,
      ],
    },
    {
      actions: [GET],
      resources: [
        'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:automation-execution/*',
      ],
    },
  ];
  if (onResource.length) {
    statements.push({
      actions: onResource,
      resources: [`\${${resourceArnParameter}}`],
    });
  }
  // Other actions: `*` only where IAM offers no resource scope, else every
  // resource of that service in this account (the runbook picks which).
  const unscoped = elsewhere.filter(actionSupportsOnlyWildcardResource);
  const byService = new Map<string, string[]>();
  for (const action of elsewhere) {
    if (unscoped.includes(action)) continue;
    const prefix = action.split(':')[0];
    byService.set(prefix, [...(byService.get(prefix) ?? []), action]);
  }
  for (const [prefix, actions] of byService) {
    statements.push({ actions, resources: [accountResources(prefix)] });
  }
  if (unscoped.length) statements.push({ actions: unscoped, resources: ['*'] });
  return statements;
}
