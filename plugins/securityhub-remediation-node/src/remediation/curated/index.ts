/**
 * The curated library: the project's own remediation automations, one per
 * Security Hub control, for configuration changes that are safe to apply to
 * the single resource (or account setting) a finding names.
 */
import { ANALYTICS_AUTOMATIONS } from './analytics';
import { CLOUDFRONT_AUTOMATIONS } from './cloudfront';
import { CLOUDTRAIL_AUTOMATIONS } from './cloudtrail';
import { DOCUMENTDB_AUTOMATIONS } from './documentdb';
import { EC2_AUTOMATIONS } from './ec2';
import { IAM_AUTOMATIONS } from './iam';
import { KMS_AUTOMATIONS } from './kms';
import { NEPTUNE_AUTOMATIONS } from './neptune';
import { RDS_AUTOMATIONS } from './rds';
import { S3_AUTOMATIONS } from './s3';
import { CONTAINER_AUTOMATIONS } from './containers';
import { DATA_SERVICE_AUTOMATIONS } from './dataServices';
import { DYNAMODB_AUTOMATIONS } from './dynamodb';
import { ELASTICACHE_AUTOMATIONS } from './elasticache';
import { ECR_AUTOMATIONS } from './ecr';
import { ELB_AUTOMATIONS } from './elb';
import { EMR_AUTOMATIONS } from './emr';
import { GUARDDUTY_AUTOMATIONS } from './guardduty';
import { INSPECTOR_AUTOMATIONS } from './inspector';
import { MACIE_AUTOMATIONS } from './macie';
import { MESSAGING_AUTOMATIONS } from './messaging';
import { NETWORK_AUTOMATIONS } from './network';
import { OPENSEARCH_AUTOMATIONS } from './opensearch';
import { REDSHIFT_AUTOMATIONS } from './redshift';
import { SQS_AUTOMATIONS } from './sqs';
import { SSM_AUTOMATIONS } from './ssm';
import type { CuratedAutomation } from './types';

export type {
  AutomationStep,
  CuratedAutomation,
  CuratedParameter,
  CuratedPermission,
  ParameterFill,
} from './types';

export const CURATED_AUTOMATIONS: readonly CuratedAutomation[] = [
  ...S3_AUTOMATIONS,
  ...EC2_AUTOMATIONS,
  ...IAM_AUTOMATIONS,
  ...CLOUDTRAIL_AUTOMATIONS,
  ...KMS_AUTOMATIONS,
  ...RDS_AUTOMATIONS,
  ...DOCUMENTDB_AUTOMATIONS,
  ...NEPTUNE_AUTOMATIONS,
  ...DYNAMODB_AUTOMATIONS,
  ...REDSHIFT_AUTOMATIONS,
  ...DATA_SERVICE_AUTOMATIONS,
  ...ELASTICACHE_AUTOMATIONS,
  ...ECR_AUTOMATIONS,
  ...CONTAINER_AUTOMATIONS,
  ...ELB_AUTOMATIONS,
  ...NETWORK_AUTOMATIONS,
  ...EMR_AUTOMATIONS,
  ...MESSAGING_AUTOMATIONS,
  ...SQS_AUTOMATIONS,
  ...SSM_AUTOMATIONS,
  ...GUARDDUTY_AUTOMATIONS,
  ...INSPECTOR_AUTOMATIONS,
  ...MACIE_AUTOMATIONS,
  ...CLOUDFRONT_AUTOMATIONS,
  ...OPENSEARCH_AUTOMATIONS,
  ...ANALYTICS_AUTOMATIONS,
];

const BY_CONTROL = new Map(
  CURATED_AUTOMATIONS.map(automation => [automation.controlId, automation]),
);

/** The curated automation of a control (e.g. `S3.5`), if there is one. */
export function curatedAutomationFor(
  controlId: string,
): CuratedAutomation | undefined {
  return BY_CONTROL.get(controlId);
}
