import type { GuidanceEntry } from './entry';
import { entry as g } from './entry';

/** IAM, KMS, CloudTrail, Config, GuardDuty, RDS, DynamoDB, Redshift, OpenSearch, messaging, secrets, SSM. */
export const IDENTITY_DATA_LOGGING_GUIDANCE: readonly GuidanceEntry[] = [
  g(
    'Account.1',
    'Register a security contact for the account.',
    'Set the SECURITY alternate contact to a monitored team mailbox, ideally from the management account.',
  ),
  g(
    'IAM.1',
    'Remove full "*:*" admin policies.',
    'Find who uses the policy and what they call (Access Advisor, CloudTrail).',
    'Replace it with scoped policies or AWS managed job-function policies.',
    'Detach and delete the wildcard policy.',
  ),
  g(
    'IAM.2',
    'Grant permissions to groups or roles, not users.',
    'Move attached and inline user policies to a group or role.',
    'Add the user to the group and remove the direct policies.',
  ),
  g(
    'IAM.3',
    'Rotate access keys older than 90 days.',
    'Create a second key, update the consumer, deactivate the old key, then delete it.',
    'Prefer roles or IAM Identity Center over long-lived keys.',
  ),
  g(
    'IAM.4',
    'Delete the root user access keys.',
    'Sign in as root and delete the keys after moving any consumer to a role.',
  ),
  g(
    'IAM.5',
    'Require MFA for console users.',
    'Have each console user enrol an MFA device.',
    'Remove console passwords for users who do not.',
  ),
  g(
    'IAM.6',
    'Protect root with hardware MFA.',
    'Register a FIDO key or hardware token for root and keep it in a safe.',
  ),
  g(
    'IAM.7',
    'Apply a strong password policy.',
    'Require length 14+, all character classes, reuse prevention 24 and 90-day expiry.',
  ),
  g(
    'IAM.8',
    'Remove credentials unused for 90 days.',
    'Review the credential report.',
    'Deactivate unused keys and remove unused console passwords.',
  ),
  g(
    'IAM.9',
    'Enable MFA on the root user.',
    'Sign in as root and assign an MFA device.',
  ),
  g(
    'IAM.21',
    'Remove service-wide wildcard actions from customer policies.',
    'Replace "service:*" with the specific actions used, based on Access Advisor data.',
  ),
  g(
    'IAM.28',
    'Create an external access analyzer.',
    'Create an IAM Access Analyzer analyzer in each Region, organisation-wide from the delegated admin when possible.',
  ),
  g(
    'KMS.1',
    'Scope kms:Decrypt in customer managed policies.',
    'Replace Resource "*" with the key ARNs the principal needs, or add kms:ViaService conditions.',
  ),
  g(
    'KMS.2',
    'Scope kms:Decrypt in inline policies.',
    'Limit the inline policy to specific key ARNs or convert it to a managed policy with scoped resources.',
  ),
  g(
    'KMS.3',
    'Prevent unintended key deletion.',
    'Cancel the scheduled deletion, re-enable the key, and confirm ownership.',
    'Deny kms:ScheduleKeyDeletion outside a break-glass role.',
  ),
  g(
    'KMS.4',
    'Turn on automatic key rotation.',
    'Enable rotation on symmetric customer managed keys.',
  ),
  g(
    'KMS.5',
    'Remove public access from key policies.',
    'Replace Principal "*" statements with named principals or add aws:PrincipalOrgID conditions.',
  ),
  g(
    'CloudTrail.1',
    'Run a multi-Region trail with management events.',
    'Prefer an organisation trail from the management account.',
    'Otherwise create a multi-Region trail with read and write management events.',
  ),
  g(
    'CloudTrail.2',
    'Encrypt the trail with a KMS key.',
    'Create a key whose policy lets CloudTrail encrypt and readers decrypt.',
    'Update the trail to use it.',
  ),
  g(
    'CloudTrail.4',
    'Turn on log file validation.',
    'Enable log file validation on the trail.',
  ),
  g(
    'CloudTrail.5',
    'Send the trail to CloudWatch Logs.',
    'Create a log group and a role CloudTrail can assume to write to it.',
    'Configure the trail with both.',
  ),
  g(
    'CloudWatch.1',
    'Alarm on root user activity.',
    'Create a metric filter for root usage on the trail log group.',
    'Attach an alarm that notifies the security SNS topic.',
  ),
  g(
    'Config.1',
    'Enable AWS Config with the service-linked role.',
    'Turn on the configuration recorder for all supported resources.',
    'Use the AWSServiceRoleForConfig role and a delivery channel to a central bucket.',
  ),
  g(
    'GuardDuty.1',
    'Enable GuardDuty.',
    'Enable it organisation-wide from the delegated administrator, in every Region in use.',
  ),
  g(
    'SecretsManager.1',
    'Rotate the secret automatically.',
    'Attach a rotation Lambda that fits the secret type and set a schedule.',
  ),
  g(
    'SecretsManager.2',
    'Fix failing rotations.',
    'Read the rotation Lambda logs, fix network or permission issues, then rotate again.',
  ),
  g(
    'SecretsManager.3',
    'Remove unused secrets.',
    'Confirm with the owner that nothing reads the secret.',
    'Schedule deletion with a recovery window.',
  ),
  g(
    'SecretsManager.4',
    'Rotate within the required period.',
    'Shorten the rotation schedule and trigger a rotation now.',
  ),
  g(
    'SNS.1',
    'Encrypt the topic with KMS.',
    'Choose a key whose policy allows the publishing services.',
    'Set KmsMasterKeyId on the topic.',
  ),
  g(
    'SNS.4',
    'Remove public access from the topic policy.',
    'Replace Principal "*" with specific accounts or services, or add source conditions.',
  ),
  g(
    'SQS.1',
    'Encrypt the queue at rest.',
    'Enable SSE-SQS, or SSE-KMS with a key the producers can use.',
  ),
  g(
    'SQS.3',
    'Remove public access from the queue policy.',
    'Replace Principal "*" with specific principals or add aws:SourceArn conditions.',
  ),
  g(
    'SSM.1',
    'Manage instances with Systems Manager.',
    'Attach an instance profile with AmazonSSMManagedInstanceCore.',
    'Make sure the agent runs and can reach SSM endpoints.',
  ),
  g(
    'SSM.2',
    'Bring instances to patch compliance.',
    'Run Patch Manager install operations in a maintenance window and fix failures.',
  ),
  g(
    'SSM.3',
    'Fix failing State Manager associations.',
    'Inspect association execution output and correct the document or targets.',
  ),
  g(
    'SSM.4',
    'Make SSM documents private.',
    'Remove "All" from the document sharing permissions.',
  ),
  g(
    'SSM.7',
    'Block public sharing of SSM documents.',
    'Turn on the block public sharing service setting in each Region.',
  ),
  g(
    'RDS.1',
    'Make RDS snapshots private.',
    'Remove the "all" restore attribute; share with named accounts if needed.',
  ),
  g(
    'RDS.2',
    'Make the DB instance private.',
    'Set PubliclyAccessible to false and keep it in private subnets.',
  ),
  g(
    'RDS.3',
    'Encrypt the DB instance.',
    'Restore from an encrypted snapshot copy into a new instance and cut over.',
  ),
  g(
    'RDS.4',
    'Encrypt RDS snapshots.',
    'Copy unencrypted snapshots with encryption, then delete the originals.',
  ),
  g(
    'RDS.5',
    'Run the instance Multi-AZ.',
    'Modify the instance to Multi-AZ in a maintenance window.',
  ),
  g(
    'RDS.6',
    'Enable Enhanced Monitoring.',
    'Create the monitoring role and set a monitoring interval.',
  ),
  g(
    'RDS.7',
    'Protect the cluster from deletion.',
    'Enable deletion protection on the cluster.',
  ),
  g(
    'RDS.8',
    'Protect the instance from deletion.',
    'Enable deletion protection on the instance.',
  ),
  g(
    'RDS.9',
    'Publish database logs to CloudWatch.',
    'Enable the engine log exports (error, general, slowquery, postgresql...).',
  ),
  g(
    'RDS.10',
    'Enable IAM database authentication on instances.',
    'Turn on IAM authentication and create IAM-mapped database users.',
  ),
  g(
    'RDS.11',
    'Turn on automated backups.',
    'Set a backup retention period of at least 7 days.',
  ),
  g(
    'RDS.12',
    'Enable IAM authentication on clusters.',
    'Turn on IAM database authentication for the cluster.',
  ),
  g(
    'RDS.13',
    'Enable automatic minor version upgrades.',
    'Set AutoMinorVersionUpgrade on the instance.',
  ),
  g(
    'RDS.16',
    'Copy cluster tags to snapshots.',
    'Set CopyTagsToSnapshot on the cluster.',
  ),
  g(
    'RDS.17',
    'Copy instance tags to snapshots.',
    'Set CopyTagsToSnapshot on the instance.',
  ),
  g(
    'RDS.23',
    'Move off the engine default port.',
    'Agree a new port with the application team.',
    'Change the port and update security groups and connection strings together.',
  ),
  g(
    'DynamoDB.1',
    'Scale table capacity automatically.',
    'Switch to on-demand, or configure Application Auto Scaling for reads and writes.',
  ),
  g(
    'DynamoDB.2',
    'Enable point-in-time recovery.',
    'Turn on PITR for the table.',
  ),
  g(
    'DynamoDB.6',
    'Enable deletion protection on tables.',
    'Set DeletionProtectionEnabled on the table.',
  ),
  g(
    'Redshift.1',
    'Make the cluster private.',
    'Set PubliclyAccessible to false.',
  ),
  g(
    'Redshift.2',
    'Require TLS to the cluster.',
    'Set require_ssl to true in a custom parameter group and reboot.',
  ),
  g(
    'Redshift.3',
    'Enable automatic snapshots.',
    'Set automated snapshot retention to at least 7 days.',
  ),
  g(
    'Redshift.4',
    'Enable audit logging.',
    'Send audit logs to S3 or CloudWatch Logs.',
  ),
  g(
    'Redshift.6',
    'Allow automatic major version upgrades.',
    'Set AllowVersionUpgrade on the cluster.',
  ),
  g(
    'Redshift.7',
    'Use enhanced VPC routing.',
    'Enable enhanced VPC routing and add an S3 gateway endpoint.',
  ),
  g(
    'Redshift.10',
    'Encrypt the cluster.',
    'Modify the cluster to use a KMS key and plan for the read-only migration period.',
  ),
  g(
    'Opensearch.1',
    'Encrypt the domain at rest.',
    'Enable encryption at rest on the domain (supported engine versions allow it in place).',
  ),
  g(
    'Opensearch.2',
    'Keep the domain inside a VPC.',
    'Create a VPC domain and migrate data with snapshots.',
  ),
  g(
    'Opensearch.3',
    'Encrypt node-to-node traffic.',
    'Enable node-to-node encryption on the domain.',
  ),
  g(
    'Opensearch.4',
    'Send error logs to CloudWatch.',
    'Enable ES_APPLICATION_LOGS publishing with a log group resource policy.',
  ),
  g(
    'Opensearch.5',
    'Enable audit logs.',
    'Turn on fine-grained access control and publish AUDIT_LOGS.',
  ),
  g(
    'Opensearch.7',
    'Use fine-grained access control.',
    'Enable FGAC with a master user and map backend roles.',
  ),
  g(
    'Opensearch.8',
    'Use the latest TLS policy.',
    'Require HTTPS and set the TLS security policy to Policy-Min-TLS-1-2-2019-07 or newer.',
  ),
];
