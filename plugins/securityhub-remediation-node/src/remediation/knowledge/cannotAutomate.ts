import type { CannotAutomate } from './types';

const controlsPage = (service: string): string =>
  `https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html`;

type Entry = [
  controlId: string,
  service: string,
  reason: string,
  steps: string[],
];

const RECREATE_ENCRYPTED_DB = [
  'Take a final snapshot of the unencrypted resource.',
  'Copy the snapshot with encryption enabled, choosing a customer managed KMS key.',
  'Restore a new resource from the encrypted copy with the same parameter group, subnets and security groups.',
  'Switch application endpoints (or DNS CNAME) to the new resource during a maintenance window.',
  'Delete the old resource after the rollback period, keeping its final snapshot.',
];

const ENTRIES: Entry[] = [
  [
    'IAM.4',
    'iam',
    'Root user access keys can only be deleted while signed in as the root user; no IAM role or automation can act on root credentials.',
    [
      'Find which workloads use the root key (CloudTrail userIdentity.type = Root with an access key).',
      'Move them to an IAM role or IAM Identity Center permission set.',
      'Sign in as root, open Security credentials and deactivate, then delete, the access keys.',
    ],
  ],
  [
    'IAM.6',
    'iam',
    'A hardware MFA device has to be physically held and registered by the person signing in as root.',
    [
      'Procure a FIDO security key or hardware TOTP token and store it in a safe location.',
      'Sign in as root, open Security credentials, choose Assign MFA device and register it.',
      'Record custody of the device in the break-glass procedure.',
    ],
  ],
  [
    'IAM.9',
    'iam',
    'Registering MFA for the root user requires signing in as root and possessing the device; it cannot be done through an API with role credentials.',
    [
      'Sign in as root with the break-glass credentials.',
      'Assign a FIDO key or virtual MFA device under Security credentials.',
      'Store recovery details in the break-glass vault and test a sign-in.',
    ],
  ],
  [
    'IAM.5',
    'iam',
    'Each user has to enrol their own MFA device; an automation cannot hold the second factor on their behalf.',
    [
      'Notify the affected users with a deadline.',
      'Attach a policy denying actions without aws:MultiFactorAuthPresent except MFA self-service.',
      'Have each user register a device under My security credentials; disable console access for users who do not.',
    ],
  ],
  [
    'IAM.19',
    'iam',
    'MFA enrolment needs the user and their device; an automation can only remove credentials, which would lock users out.',
    [
      'Prefer moving human users to IAM Identity Center.',
      'For remaining IAM users, ask each to register an MFA device.',
      'Remove console passwords of users that will not enrol.',
    ],
  ],
  [
    'Account.1',
    'account',
    'The security alternate contact must name a real person or team mailbox that only the account owner can decide.',
    [
      'Agree the security team mailbox and phone number.',
      'Set it with aws account put-alternate-contact --alternate-contact-type SECURITY, or centrally from the management account.',
      'Confirm the mailbox receives a test message.',
    ],
  ],
  [
    'DMS.1',
    'dms',
    'A replication instance’s PubliclyAccessible setting is fixed when the instance is created; the instance must be recreated as private.',
    [
      'Note the instance class, engine version, subnet group and security groups.',
      'Create a new replication instance with PubliclyAccessible disabled in private subnets.',
      'Recreate or modify the tasks to use the new instance and test endpoint connections.',
      'Stop the tasks on the old instance and delete it.',
    ],
  ],
  [
    'RDS.3',
    'rds',
    'Encryption at rest can only be chosen when a DB instance is created; an existing unencrypted instance cannot be encrypted in place.',
    RECREATE_ENCRYPTED_DB,
  ],
  [
    'RDS.27',
    'rds',
    'An Aurora or Multi-AZ DB cluster can only be encrypted at creation; the data has to be restored into a new encrypted cluster.',
    RECREATE_ENCRYPTED_DB,
  ],
  [
    'RDS.14',
    'rds',
    'Backtracking can only be turned on when an Aurora MySQL cluster is created or restored, not on a running cluster.',
    [
      'Snapshot the cluster.',
      'Restore the snapshot to a new cluster with a backtrack window set.',
      'Cut applications over to the new cluster endpoint and retire the old cluster.',
    ],
  ],
  [
    'RDS.24',
    'rds',
    'The master username of a DB cluster cannot be changed after creation.',
    [
      'Create a new administrative user with a non-default name and move automation to it.',
      'For a full fix, restore a snapshot into a new cluster with a custom master username.',
      'Switch applications to the new cluster and delete the old one.',
    ],
  ],
  [
    'RDS.25',
    'rds',
    'The master username of a DB instance cannot be changed after creation.',
    [
      'Restore a snapshot into a new instance with a custom master username.',
      'Recreate application users and grants on the new instance.',
      'Switch endpoints and delete the old instance after verification.',
    ],
  ],
  [
    'Redshift.8',
    'redshift',
    'The admin user name of a provisioned Redshift cluster is set at creation and cannot be modified.',
    [
      'Restore the latest snapshot to a new cluster with a custom admin user name.',
      'Recreate users, groups and grants.',
      'Repoint BI tools and ETL jobs, then delete the old cluster.',
    ],
  ],
  [
    'EFS.1',
    'efs',
    'Encryption at rest for an EFS file system is chosen at creation; an existing unencrypted file system cannot be converted.',
    [
      'Create a new encrypted file system with the same performance and throughput modes.',
      'Copy data with AWS DataSync, or restore an AWS Backup recovery point into it.',
      'Update mount targets, access points and fstab/task definitions to the new file system id.',
      'Delete the old file system after verification.',
    ],
  ],
  [
    'EFS.8',
    'efs',
    'Same constraint as EFS.1: encryption is an immutable creation-time property of the file system.',
    [
      'Create an encrypted file system.',
      'Migrate data with DataSync.',
      'Remount clients on the new file system and delete the old one.',
    ],
  ],
  [
    'ElastiCache.4',
    'elasticache',
    'At-rest encryption of a replication group is set when it is created and cannot be enabled afterwards.',
    [
      'Create a backup of the replication group.',
      'Create a new replication group from the backup with at-rest encryption enabled.',
      'Switch application endpoints, then delete the old group.',
    ],
  ],
  [
    'DocumentDB.1',
    'documentdb',
    'Amazon DocumentDB storage encryption can only be enabled when the cluster is created.',
    [
      'Snapshot the cluster.',
      'Restore the snapshot to a new cluster with a KMS key selected.',
      'Move clients to the new cluster endpoint and delete the old cluster.',
    ],
  ],
  [
    'Neptune.1',
    'neptune',
    'Neptune cluster encryption at rest is a creation-time setting.',
    [
      'Snapshot the cluster.',
      'Restore into a new cluster with encryption enabled.',
      'Repoint clients and delete the unencrypted cluster.',
    ],
  ],
  [
    'DynamoDB.3',
    'dynamodb',
    'DAX server-side encryption can only be enabled when the DAX cluster is created.',
    [
      'Create a new DAX cluster with SSE enabled and the same node type and parameter group.',
      'Update application DAX endpoints.',
      'Delete the old cluster (DAX holds only cache data).',
    ],
  ],
  [
    'EC2.3',
    'ec2',
    'An attached EBS volume cannot be encrypted in place; it has to be replaced by an encrypted copy, which requires stopping the instance.',
    [
      'Snapshot the volume.',
      'Copy the snapshot with encryption enabled.',
      'Create a volume from the encrypted copy in the same Availability Zone.',
      'Stop the instance, detach the old volume, attach the new one on the same device name and start it.',
    ],
  ],
  [
    'WorkSpaces.1',
    'workspaces',
    'User volume encryption of a WorkSpace can only be chosen when the WorkSpace is launched.',
    [
      'Ask the user to back up local data.',
      'Launch a new WorkSpace with user volume encryption and a KMS key.',
      'Remove the old WorkSpace.',
    ],
  ],
  [
    'WorkSpaces.2',
    'workspaces',
    'Root volume encryption of a WorkSpace is fixed at launch.',
    [
      'Launch a replacement WorkSpace with root volume encryption.',
      'Migrate the user profile and retire the old WorkSpace.',
    ],
  ],
  [
    'SageMaker.1',
    'sagemaker',
    'DirectInternetAccess of a notebook instance is set at creation; disabling it requires a new notebook instance in a VPC subnet.',
    [
      'Save notebooks to a Git repository or S3.',
      'Create a new notebook instance in a private subnet with direct internet access disabled (NAT or VPC endpoints for dependencies).',
      'Restore notebooks and delete the old instance.',
    ],
  ],
  [
    'Lambda.2',
    'lambda',
    'Moving to a supported runtime changes the language version the code runs on, which needs code and dependency changes and testing.',
    [
      'Pick the newest supported runtime of the same language.',
      'Update dependencies, build and run the test suite.',
      'Deploy through the normal pipeline and monitor errors.',
    ],
  ],
  [
    'EKS.2',
    'eks',
    'Kubernetes upgrades go one minor version at a time and can break workloads using removed APIs.',
    [
      'Check for deprecated APIs and add-on compatibility.',
      'Upgrade the control plane one minor version.',
      'Upgrade managed node groups and add-ons, then repeat until supported.',
    ],
  ],
  [
    'CloudFront.7',
    'cloudfront',
    'Using a custom certificate needs an owned domain name and a validated ACM certificate in us-east-1, which involves DNS ownership.',
    [
      'Request an ACM certificate in us-east-1 for the domain and validate it through DNS.',
      'Add the domain as an alternate domain name and attach the certificate.',
      'Point the DNS record at the distribution.',
    ],
  ],
];

/**
 * Controls whose fix cannot be safely automated, with the reason and manual
 * steps. Sources are the Security Hub control reference pages.
 *
 * @public
 */
export const CANNOT_AUTOMATE: readonly CannotAutomate[] = ENTRIES.map(
  ([controlId, service, reason, manualSteps]) => ({
    controlId,
    reason,
    manualSteps,
    source: controlsPage(service),
  }),
);

const BY_CONTROL = new Map(
  CANNOT_AUTOMATE.map(entry => [entry.controlId.toLowerCase(), entry]),
);

/** Why a control cannot be automated, ignoring case. @public */
export function cannotAutomateFor(
  controlId: string,
): CannotAutomate | undefined {
  return BY_CONTROL.get(controlId.trim().toLowerCase());
}
