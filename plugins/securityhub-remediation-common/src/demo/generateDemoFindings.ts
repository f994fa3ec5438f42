import type { AsffFinding } from '../asff/schema';
import { listControls, type SecurityHubControl } from '../catalog';
import type { RecordState, SeverityLabel } from '../findings/constants';
import { DEMO_ACCOUNTS, type DemoAccount } from './accounts';
import { complianceOf, statusReasons, workflowOf } from './findingStatus';
import { SeededRandom, hashSeed } from './random';
import { demoResourceDetails } from './resourceDetails';
import { demoResourceId, demoResourceTags, inventoryType } from './resources';

/** Size of the bundled demo data set. @public */
export const DEFAULT_DEMO_FINDINGS_COUNT = 2500;
/** Seed of the bundled demo data set. @public */
export const DEFAULT_DEMO_SEED = 20261120;
/** "Now" of the bundled demo data set; pass `now` for fresh timestamps. @public */
export const DEMO_REFERENCE_TIME = '2026-11-20T12:00:00.000Z';

/** @public */
export interface DemoFindingsOptions {
  /** Number of findings (default {@link DEFAULT_DEMO_FINDINGS_COUNT}). */
  count?: number;
  /** Same seed, same findings (default {@link DEFAULT_DEMO_SEED}). */
  seed?: number;
  /** Timestamps fall in the 90 days before this (default {@link DEMO_REFERENCE_TIME}). */
  now?: Date;
  /** Accounts to generate findings for (default {@link DEMO_ACCOUNTS}). */
  accounts?: readonly DemoAccount[];
}

const FSBP_STANDARD =
  'standards/aws-foundational-security-best-practices/v/1.0.0';
const FINDING_TYPES = [
  'Software and Configuration Checks/Industry and Regulatory Standards',
];
const RECOMMENDATION_TEXT =
  'For information on how to correct this issue, consult the AWS Security Hub controls documentation.';
const NORMALIZED: Record<SeverityLabel, number> = {
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 40,
  HIGH: 70,
  CRITICAL: 90,
};
const DAY_MS = 24 * 60 * 60 * 1000;

/** Services most accounts use; their controls come first in small data sets. */
const COMMON_SERVICES = new Set([
  'S3',
  'EC2',
  'IAM',
  'RDS',
  'Lambda',
  'KMS',
  'CloudTrail',
  'Config',
  'GuardDuty',
  'ELB',
  'SecretsManager',
  'SNS',
  'SQS',
  'DynamoDB',
  'ECR',
  'ECS',
  'EKS',
  'CloudFront',
  'SSM',
  'Account',
]);

/** Typical number of resources of a type in an account (else 2). */
const TYPICAL_INVENTORY: Record<string, number> = {
  AwsEc2SecurityGroup: 8,
  AwsLambdaFunction: 8,
  AwsS3Bucket: 7,
  AwsEc2Instance: 6,
  AwsEc2Volume: 6,
  AwsIamUser: 6,
  AwsIamRole: 6,
  AwsIamPolicy: 5,
  AwsEcrRepository: 5,
  AwsEcsTaskDefinition: 5,
  AwsSecretsManagerSecret: 5,
  AwsKmsKey: 4,
  AwsSqsQueue: 4,
  AwsSnsTopic: 4,
  AwsDynamoDbTable: 4,
  AwsRdsDbInstance: 3,
  AwsEc2Subnet: 4,
  AwsElbv2LoadBalancer: 3,
};

/** Types with exactly one resource per account and region. */
const ONE_PER_REGION = new Set(['AwsAccount', 'AwsGuardDutyDetector']);

/** Evaluated once, in the home region: these resources are global. */
function isGlobal(control: SecurityHubControl): boolean {
  return (
    control.service === 'IAM' ||
    control.resourceType.startsWith('AwsIam') ||
    control.resourceType === 'AwsCloudFrontDistribution' ||
    control.resourceType === 'AwsRoute53HostedZone'
  );
}

interface Evaluation {
  control: SecurityHubControl;
  account: DemoAccount;
  region: string;
  poolKey: string;
  resources: number;
  /** Chance that one resource of this control, account and region fails. */
  failRate: number;
}

/**
 * Generates Security Hub consolidated control findings for demos, tests and
 * benchmarks: each selected FSBP control evaluated against every resource of
 * its type in each account and region. Deterministic for a seed and O(count).
 *
 * Mix: about 55 % FAILED, 38 % PASSED, 3 % WARNING, 4 % NOT_AVAILABLE; PASSED
 * findings have severity INFORMATIONAL and workflow RESOLVED as in Security
 * Hub; about 5 % are ARCHIVED.
 *
 * @public
 */
export function generateDemoFindings(
  options: DemoFindingsOptions = {},
): AsffFinding[] {
  const count = Math.max(
    0,
    Math.floor(options.count ?? DEFAULT_DEMO_FINDINGS_COUNT),
  );
  const accounts = options.accounts ?? DEMO_ACCOUNTS;
  const nowMs = (options.now ?? new Date(DEMO_REFERENCE_TIME)).getTime();
  const random = new SeededRandom(options.seed ?? DEFAULT_DEMO_SEED);
  if (count === 0 || accounts.length === 0) return [];

  const evaluations = planEvaluations(accounts, random);
  // Scale inventories up when the catalog at typical sizes is too small.
  const accountLevel = evaluations.filter(e =>
    ONE_PER_REGION.has(e.control.resourceType),
  ).length;
  const total = evaluations.reduce((sum, e) => sum + e.resources, 0);
  const scale =
    total >= count || total === accountLevel
      ? 1
      : Math.ceil((count - accountLevel) / (total - accountLevel));

  const findings: AsffFinding[] = [];
  for (const evaluation of evaluations) {
    const size = ONE_PER_REGION.has(evaluation.control.resourceType)
      ? 1
      : evaluation.resources * scale;
    for (let index = 0; index < size && findings.length < count; index++) {
      findings.push(buildFinding(evaluation, index, random, nowMs));
    }
    if (findings.length >= count) break;
  }
  return findings;
}

/**
 * Orders the (control, account, region) evaluations so that a small data set
 * still shows what the portal is for: controls of common services that have a
 * remediation runbook come first, then other common-service or runbook
 * controls (high severity more likely first), then the rest.
 */
function planEvaluations(
  accounts: readonly DemoAccount[],
  random: SeededRandom,
): Evaluation[] {
  const controls = listControls()
    .filter(c => c.status === 'active' && c.inFsbp)
    .map(control => {
      const common = COMMON_SERVICES.has(control.service);
      const tier = Number(!common) + Number(!control.runbook);
      const severe =
        control.severity === 'CRITICAL' || control.severity === 'HIGH';
      return { control, key: tier + random.next() * (severe ? 0.6 : 1) };
    })
    .sort((a, b) => a.key - b.key)
    .map(entry => entry.control);

  const evaluations: Evaluation[] = [];
  for (const control of controls) {
    for (const account of accounts) {
      // Smaller accounts do not run every service; the choice is stable per
      // account and service so all controls of a service agree.
      const usesService =
        control.resourceType === 'AwsAccount' ||
        hashSeed(`${account.id}/${control.service}`) / 4294967296 <
          Math.min(0.95, 0.55 + 0.3 * (account.scale ?? 1));
      if (!usesService) continue;
      const regions = isGlobal(control)
        ? account.regions.slice(0, 1)
        : account.regions;
      for (const region of regions) {
        evaluations.push({
          control,
          account,
          region,
          poolKey: `${account.id}/${region}`,
          resources: inventorySize(control.resourceType, account, region),
          failRate: Math.min(
            0.95,
            Math.max(0.05, 0.59 + (random.next() - 0.5) * 0.6),
          ),
        });
      }
    }
  }
  return evaluations;
}

/** Resources of a type in an account and region; stable across controls. */
function inventorySize(
  type: string,
  account: DemoAccount,
  region: string,
): number {
  if (ONE_PER_REGION.has(type)) return 1;
  const inventory = inventoryType(type);
  const jitter =
    0.6 + 0.8 * (hashSeed(`${account.id}/${region}/${inventory}`) / 4294967296);
  return Math.max(
    1,
    Math.round(
      (TYPICAL_INVENTORY[inventory] ?? 2) * (account.scale ?? 1) * jitter,
    ),
  );
}

function buildFinding(
  evaluation: Evaluation,
  index: number,
  random: SeededRandom,
  nowMs: number,
): AsffFinding {
  const { control, account, region } = evaluation;
  const compliance = complianceOf(evaluation.failRate, random);
  const severity: SeverityLabel =
    compliance === 'PASSED' ? 'INFORMATIONAL' : control.severity;
  const workflow = workflowOf(compliance, random);
  const recordState: RecordState = random.next() < 0.05 ? 'ARCHIVED' : 'ACTIVE';

  const createdMs = nowMs - Math.floor((1 + random.next() * 89) * DAY_MS);
  // Security Hub re-evaluates periodic controls daily, so most active
  // findings were updated in the last two days; archived ones stopped.
  const updatedMs =
    recordState === 'ACTIVE' && random.next() < 0.7
      ? Math.max(createdMs, nowMs - Math.floor(random.next() * 2 * DAY_MS))
      : createdMs + Math.floor(random.next() * (nowMs - createdMs));
  const createdAt = new Date(createdMs).toISOString();
  const updatedAt = new Date(updatedMs).toISOString();

  const productArn = `arn:aws:securityhub:${region}::product/aws/securityhub`;
  const id = `arn:aws:securityhub:${region}:${account.id}:security-control/${
    control.id
  }/finding/${random.uuid()}`;
  const resourceId =
    control.resourceType === 'AwsAccount'
      ? `AWS::::Account:${account.id}`
      : demoResourceId(
          control.resourceType,
          control.service,
          account,
          region,
          index,
        );
  const title =
    control.titleVariants.length > 0 && random.next() < 0.15
      ? control.titleVariants[0]
      : control.title;

  const productFields: Record<string, string> = {};
  if (control.configRule) {
    // Security Hub deploys its own service-linked copy of each Config rule.
    const suffix = hashSeed(`${evaluation.poolKey}/${control.id}`)
      .toString(16)
      .padStart(8, '0');
    productFields[
      'RelatedAWSResources:0/name'
    ] = `securityhub-${control.configRule}-${suffix}`;
    productFields['RelatedAWSResources:0/type'] = 'AWS::Config::ConfigRule';
  }
  productFields['aws/securityhub/ProductName'] = 'Security Hub';
  productFields['aws/securityhub/CompanyName'] = 'AWS';
  productFields['Resources:0/Id'] = resourceId;
  productFields['aws/securityhub/FindingId'] = `${productArn}/${id}`;

  const reasons = statusReasons(control, compliance, random);
  const details = demoResourceDetails(control.resourceType, resourceId);
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: productArn,
    ProductName: 'Security Hub',
    CompanyName: 'AWS',
    Region: region,
    GeneratorId: `security-control/${control.id}`,
    AwsAccountId: account.id,
    Types: [...FINDING_TYPES],
    FirstObservedAt: createdAt,
    LastObservedAt: updatedAt,
    CreatedAt: createdAt,
    UpdatedAt: updatedAt,
    Severity: {
      Label: severity,
      Normalized: NORMALIZED[severity],
      Original: severity,
    },
    Title: title,
    Description: `This AWS control checks the following requirement: ${control.title}.`,
    Remediation: {
      Recommendation: {
        Text: RECOMMENDATION_TEXT,
        Url: `https://docs.aws.amazon.com/console/securityhub/${control.id}/remediation`,
      },
    },
    ProductFields: productFields,
    Resources: [
      {
        Type: control.resourceType,
        Id: resourceId,
        Partition: 'aws',
        Region: region,
        ...(control.resourceType === 'AwsAccount'
          ? {}
          : { Tags: demoResourceTags(account, index) }),
        ...(details ? { Details: details } : {}),
      },
    ],
    Compliance: {
      Status: compliance,
      SecurityControlId: control.id,
      AssociatedStandards: [{ StandardsId: FSBP_STANDARD }],
      ...(reasons ? { StatusReasons: reasons } : {}),
    },
    Workflow: { Status: workflow },
    RecordState: recordState,
    FindingProviderFields: {
      Severity: { Label: severity, Original: severity },
      Types: [...FINDING_TYPES],
    },
  };
}
