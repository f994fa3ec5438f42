import { DEFAULT_WORKLOADS, type DemoAccount } from './accounts';
import { HEX, SeededRandom, hashSeed } from './random';

/**
 * How Security Hub reports the id of each resource type (`Resources[].Id`):
 * mostly ARNs, some plain ids. Placeholders: `{account}` id, `{acct}` account
 * alias, `{region}`, `{name}` a workload name, `{user}` an IAM user name, and
 * random parts `{hex16}`, `{hex32}`, `{uuid}`, `{upper13}`, `{upper26}`,
 * `{lower10}`, `{alnum6}`, `{alnum9}`, `{digits19}`, `{rev}`, `{az}`.
 */
const ID_TEMPLATES: Record<string, string> = {
  AwsAccount: 'AWS::::Account:{account}',
  AwsAcmPcaCertificateAuthority:
    'arn:aws:acm-pca:{region}:{account}:certificate-authority/{uuid}',
  AwsAmazonMqBroker: 'arn:aws:mq:{region}:{account}:broker:{name}-mq:b-{uuid}',
  AwsApiGatewayStage:
    'arn:aws:apigateway:{region}::/restapis/{lower10}/stages/prod',
  AwsApiGatewayV2Route:
    'arn:aws:apigateway:{region}::/apis/{lower10}/routes/{lower7}',
  AwsApiGatewayV2Stage:
    'arn:aws:apigateway:{region}::/apis/{lower10}/stages/$default',
  AwsAppSyncGraphQlApi: 'arn:aws:appsync:{region}:{account}:apis/{lower26}',
  AwsAthenaWorkGroup:
    'arn:aws:athena:{region}:{account}:workgroup/{name}-analytics',
  AwsAutoScalingAutoScalingGroup:
    'arn:aws:autoscaling:{region}:{account}:autoScalingGroup:{uuid}:autoScalingGroupName/{name}-asg',
  AwsAutoScalingLaunchConfiguration:
    'arn:aws:autoscaling:{region}:{account}:launchConfiguration:{uuid}:launchConfigurationName/{name}-lc',
  AwsBackupRecoveryPoint:
    'arn:aws:backup:{region}:{account}:recovery-point:{uuid}',
  AwsCertificateManagerCertificate:
    'arn:aws:acm:{region}:{account}:certificate/{uuid}',
  AwsCloudFrontDistribution:
    'arn:aws:cloudfront::{account}:distribution/E{upper13}',
  AwsCloudTrailTrail:
    'arn:aws:cloudtrail:{region}:{account}:trail/{name}-trail',
  AwsCodeBuildProject:
    'arn:aws:codebuild:{region}:{account}:project/{name}-build',
  AwsCodeBuildReportGroup:
    'arn:aws:codebuild:{region}:{account}:report-group/{name}-tests',
  AwsCognitoIdentityPool:
    'arn:aws:cognito-identity:{region}:{account}:identitypool/{region}:{uuid}',
  AwsCognitoUserPool:
    'arn:aws:cognito-idp:{region}:{account}:userpool/{region}_{alnum9}',
  AwsConnectInstance: 'arn:aws:connect:{region}:{account}:instance/{uuid}',
  AwsDataSyncTask: 'arn:aws:datasync:{region}:{account}:task/task-0{hex16}',
  AwsDaxCluster: 'arn:aws:dax:{region}:{account}:cache/{name}-dax',
  AwsDmsEndpoint: 'arn:aws:dms:{region}:{account}:endpoint:{upper26}',
  AwsDmsReplicationInstance: 'arn:aws:dms:{region}:{account}:rep:{upper26}',
  AwsDmsReplicationTask: 'arn:aws:dms:{region}:{account}:task:{upper26}',
  AwsDynamoDbTable: 'arn:aws:dynamodb:{region}:{account}:table/{name}',
  AwsEc2ClientVpnEndpoint:
    'arn:aws:ec2:{region}:{account}:client-vpn-endpoint/cvpn-endpoint-0{hex16}',
  AwsEc2Instance: 'arn:aws:ec2:{region}:{account}:instance/i-0{hex16}',
  AwsEc2LaunchTemplate:
    'arn:aws:ec2:{region}:{account}:launch-template/lt-0{hex16}',
  AwsEc2NetworkAcl: 'arn:aws:ec2:{region}:{account}:network-acl/acl-0{hex16}',
  AwsEc2NetworkInterface:
    'arn:aws:ec2:{region}:{account}:network-interface/eni-0{hex16}',
  AwsEc2SecurityGroup:
    'arn:aws:ec2:{region}:{account}:security-group/sg-0{hex16}',
  AwsEc2SpotFleetRequest:
    'arn:aws:ec2:{region}:{account}:spot-fleet-request/sfr-{uuid}',
  AwsEc2Subnet: 'arn:aws:ec2:{region}:{account}:subnet/subnet-0{hex16}',
  AwsEc2TransitGateway:
    'arn:aws:ec2:{region}:{account}:transit-gateway/tgw-0{hex16}',
  AwsEc2Volume: 'arn:aws:ec2:{region}:{account}:volume/vol-0{hex16}',
  AwsEc2Vpc: 'arn:aws:ec2:{region}:{account}:vpc/vpc-0{hex16}',
  AwsEc2VpnConnection:
    'arn:aws:ec2:{region}:{account}:vpn-connection/vpn-0{hex16}',
  AwsEcrRepository: 'arn:aws:ecr:{region}:{account}:repository/{name}',
  AwsEcsCluster: 'arn:aws:ecs:{region}:{account}:cluster/{name}',
  AwsEcsService: 'arn:aws:ecs:{region}:{account}:service/{acct}/{name}',
  AwsEcsTaskDefinition:
    'arn:aws:ecs:{region}:{account}:task-definition/{name}:{rev}',
  AwsEcsTaskSet:
    'arn:aws:ecs:{region}:{account}:task-set/{acct}/{name}/ecs-svc/{digits19}',
  AwsEfsAccessPoint:
    'arn:aws:elasticfilesystem:{region}:{account}:access-point/fsap-0{hex16}',
  AwsEfsFileSystem:
    'arn:aws:elasticfilesystem:{region}:{account}:file-system/fs-0{hex16}',
  AwsEfsMountTarget: 'fsmt-0{hex16}',
  AwsEksCluster: 'arn:aws:eks:{region}:{account}:cluster/{name}',
  AwsElastiCacheCacheCluster:
    'arn:aws:elasticache:{region}:{account}:cluster:{name}-redis-001',
  AwsElastiCacheReplicationGroup:
    'arn:aws:elasticache:{region}:{account}:replicationgroup:{name}-redis',
  AwsElasticBeanstalkEnvironment:
    'arn:aws:elasticbeanstalk:{region}:{account}:environment/{name}/{name}-env',
  AwsElasticsearchDomain: 'arn:aws:es:{region}:{account}:domain/{name}-logs',
  AwsElbLoadBalancer:
    'arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{name}-clb',
  AwsElbv2Listener:
    'arn:aws:elasticloadbalancing:{region}:{account}:listener/app/{name}-alb/{hex16}/{hex16}',
  AwsElbv2LoadBalancer:
    'arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/{name}-alb/{hex16}',
  AwsEmrCluster:
    'arn:aws:elasticmapreduce:{region}:{account}:cluster/j-{upper13}',
  AwsEmrSecurityConfiguration: '{name}-emr-security-config',
  AwsEventsEventbus: 'arn:aws:events:{region}:{account}:event-bus/{name}-bus',
  AwsFSxFileSystem: 'arn:aws:fsx:{region}:{account}:file-system/fs-0{hex16}',
  AwsGlueJob: 'arn:aws:glue:{region}:{account}:job/{name}-etl',
  AwsGlueMlTransform: 'arn:aws:glue:{region}:{account}:mlTransform/tfm-{hex32}',
  AwsGuardDutyDetector: 'arn:aws:guardduty:{region}:{account}:detector/{hex32}',
  AwsIamPolicy: 'arn:aws:iam::{account}:policy/{name}-access',
  AwsIamRole: 'arn:aws:iam::{account}:role/{name}-service-role',
  AwsIamUser: 'arn:aws:iam::{account}:user/{user}',
  AwsKinesisFirehoseDeliveryStream:
    'arn:aws:firehose:{region}:{account}:deliverystream/{name}-to-s3',
  AwsKinesisStream: 'arn:aws:kinesis:{region}:{account}:stream/{name}-stream',
  AwsKmsKey: 'arn:aws:kms:{region}:{account}:key/{uuid}',
  AwsLambdaFunction:
    'arn:aws:lambda:{region}:{account}:function:{name}-handler',
  AwsMskCluster:
    'arn:aws:kafka:{region}:{account}:cluster/{name}-events/{uuid}-2',
  AwsMskConnectConnector:
    'arn:aws:kafkaconnect:{region}:{account}:connector/{name}-sink/{uuid}-3',
  AwsNetworkFirewallFirewall:
    'arn:aws:network-firewall:{region}:{account}:firewall/{name}-egress',
  AwsNetworkFirewallFirewallPolicy:
    'arn:aws:network-firewall:{region}:{account}:firewall-policy/{name}-policy',
  AwsNetworkFirewallRuleGroup:
    'arn:aws:network-firewall:{region}:{account}:stateless-rulegroup/{name}-rules',
  AwsOpenSearchServiceDomain:
    'arn:aws:es:{region}:{account}:domain/{name}-search',
  AwsRdsDbCluster: 'arn:aws:rds:{region}:{account}:cluster:{name}-aurora',
  AwsRdsDbClusterSnapshot:
    'arn:aws:rds:{region}:{account}:cluster-snapshot:{name}-aurora-manual',
  AwsRdsDbInstance: 'arn:aws:rds:{region}:{account}:db:{name}-postgres',
  AwsRdsDbProxy: 'arn:aws:rds:{region}:{account}:db-proxy:prx-0{hex16}',
  AwsRdsDbSnapshot:
    'arn:aws:rds:{region}:{account}:snapshot:{name}-pre-upgrade',
  AwsRdsEventSubscription: 'arn:aws:rds:{region}:{account}:es:{name}-db-events',
  AwsRedshiftCluster: 'arn:aws:redshift:{region}:{account}:cluster:{name}-dwh',
  AwsRedshiftServerlessNamespace:
    'arn:aws:redshift-serverless:{region}:{account}:namespace/{uuid}',
  AwsRedshiftServerlessWorkgroup:
    'arn:aws:redshift-serverless:{region}:{account}:workgroup/{uuid}',
  AwsRoute53HostedZone: 'arn:aws:route53:::hostedzone/Z{upper13}',
  AwsS3AccessPoint: 'arn:aws:s3:{region}:{account}:accesspoint/{name}-ap',
  AwsS3Bucket: 'arn:aws:s3:::{acct}-{name}-{region}',
  AwsS3ExpressDirectoryBucket:
    'arn:aws:s3express:{region}:{account}:bucket/{name}--{az}--x-s3',
  AwsS3MultiRegionAccessPoint:
    'arn:aws:s3::{account}:accesspoint/{lower10}.mrap',
  AwsSageMakerEndpointConfig:
    'arn:aws:sagemaker:{region}:{account}:endpoint-config/{name}-endpoint-config',
  AwsSageMakerModel: 'arn:aws:sagemaker:{region}:{account}:model/{name}-model',
  AwsSageMakerNotebookInstance:
    'arn:aws:sagemaker:{region}:{account}:notebook-instance/{name}-notebook',
  AwsSecretsManagerSecret:
    'arn:aws:secretsmanager:{region}:{account}:secret:{name}/db-credentials-{alnum6}',
  AwsServiceCatalogPortfolio:
    'arn:aws:catalog:{region}:{account}:portfolio/port-{lower13}',
  AwsSnsTopic: 'arn:aws:sns:{region}:{account}:{name}-events',
  AwsSqsQueue: 'arn:aws:sqs:{region}:{account}:{name}-queue',
  AwsSsmAssociationCompliance:
    'arn:aws:ec2:{region}:{account}:instance/i-0{hex16}',
  AwsSsmDocument: 'arn:aws:ssm:{region}:{account}:document/{name}-runbook',
  AwsStepFunctionStateMachine:
    'arn:aws:states:{region}:{account}:stateMachine:{name}-workflow',
  AwsTransferConnector:
    'arn:aws:transfer:{region}:{account}:connector/c-{hex16}',
  AwsTransferServer: 'arn:aws:transfer:{region}:{account}:server/s-{hex16}',
  AwsWafRegionalRule: 'arn:aws:waf-regional:{region}:{account}:rule/{uuid}',
  AwsWafRegionalRuleGroup:
    'arn:aws:waf-regional:{region}:{account}:rulegroup/{uuid}',
  AwsWafRegionalWebAcl: 'arn:aws:waf-regional:{region}:{account}:webacl/{uuid}',
  AwsWafRule: 'arn:aws:waf::{account}:rule/{uuid}',
  AwsWafRuleGroup: 'arn:aws:waf::{account}:rulegroup/{uuid}',
  AwsWafWebAcl: 'arn:aws:waf::{account}:webacl/{uuid}',
  AwsWafv2RuleGroup:
    'arn:aws:wafv2:{region}:{account}:regional/rulegroup/{name}-rules/{uuid}',
  AwsWafv2WebAcl:
    'arn:aws:wafv2:{region}:{account}:regional/webacl/{name}-waf/{uuid}',
  AwsWorkSpacesWorkspace:
    'arn:aws:workspaces:{region}:{account}:workspace/ws-{lower9}',
};

/**
 * Compliance records of Systems Manager are reported on the managed EC2
 * instance, so they share the instance inventory (same ids).
 */
const SAME_RESOURCES_AS: Record<string, string> = {
  AwsSsmAssociationCompliance: 'AwsEc2Instance',
  AwsSsmPatchCompliance: 'AwsEc2Instance',
};

/** The type whose inventory a resource type draws from. */
export function inventoryType(type: string): string {
  return SAME_RESOURCES_AS[type] ?? type;
}

/** People and service users, as found in most AWS accounts. */
const IAM_USERS = [
  'ci-deployer',
  'terraform-runner',
  'datadog-integration',
  'sftp-partner-upload',
  'reporting-etl',
  'break-glass-admin',
  'maria.gonzalez',
  'wei.chen',
  'priya.raman',
  'tom.becker',
  'amara.okafor',
  'lucas.martin',
  'legacy-jenkins',
  'pagerduty-webhook',
];

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED_ALNUM = `${UPPER_ALNUM}abcdefghijklmnopqrstuvwxyz`;
const AZ_PREFIX: Record<string, string> = {
  'us-east-1': 'use1',
  'us-west-2': 'usw2',
  'eu-west-1': 'euw1',
};

/** The n-th name of a list; past its end, names repeat with a number (`ledger-2`). */
function nthName(names: readonly string[], index: number): string {
  const base = names[index % names.length];
  const round = Math.floor(index / names.length);
  return round === 0 ? base : `${base}-${round + 1}`;
}

/**
 * The tags of the `index`-th resource of an account: the account's own
 * (team, environment) and the workload it belongs to as `app`, the way
 * teams tag resources for cost allocation and ownership.
 */
export function demoResourceTags(
  account: DemoAccount,
  index: number,
): Record<string, string> {
  const workloads = account.workloads?.length
    ? account.workloads
    : DEFAULT_WORKLOADS;
  return { ...account.tags, app: workloads[index % workloads.length] };
}

/**
 * The id of the `index`-th resource of a type in an account and region. The
 * same inputs always give the same id, so every control evaluating, say, the
 * third bucket of payments-prod in us-east-1 names the same bucket.
 */
export function demoResourceId(
  type: string,
  service: string,
  account: DemoAccount,
  region: string,
  index: number,
): string {
  const inventory = inventoryType(type);
  const template =
    ID_TEMPLATES[inventory] ??
    `arn:aws:${service.toLowerCase()}:{region}:{account}:${type
      .replace(/^Aws/, '')
      .toLowerCase()}/{name}`;
  const random = new SeededRandom(
    hashSeed(`${account.id}/${region}/${inventory}/${index}`),
  );
  const workloads = account.workloads?.length
    ? account.workloads
    : DEFAULT_WORKLOADS;
  return template.replace(/\{(\w+)\}/g, (_, token: string) => {
    switch (token) {
      case 'account':
        return account.id;
      case 'acct':
        return account.name;
      case 'region':
        return region;
      case 'name':
        return nthName(workloads, index);
      case 'user':
        return nthName(IAM_USERS, index);
      case 'uuid':
        return random.uuid();
      case 'rev':
        return String(random.int(1, 48));
      case 'az':
        return `${AZ_PREFIX[region] ?? region.replace(/-/g, '')}-az${random.int(
          1,
          6,
        )}`;
      case 'digits19':
        return random.chars('0123456789', 19);
      case 'alnum6':
        return random.chars(MIXED_ALNUM, 6);
      case 'alnum9':
        return random.chars(MIXED_ALNUM, 9);
      default: {
        const match = /^(hex|upper|lower)(\d+)$/.exec(token);
        if (!match) throw new Error(`unknown placeholder {${token}}`);
        const alphabet = { hex: HEX, upper: UPPER_ALNUM, lower: LOWER_ALNUM }[
          match[1] as 'hex' | 'upper' | 'lower'
        ];
        return random.chars(alphabet, Number(match[2]));
      }
    }
  });
}
