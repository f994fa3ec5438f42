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
  '1. Take a final snapshot of the unencrypted resource.',
  '2. Copy the snapshot with encryption enabled, choosing a customer managed KMS key.',
  '3. Restore a new resource from the encrypted copy with the same parameter group, subnets and security groups.',
  '4. Switch application endpoints (or DNS CNAME) to the new resource during a maintenance window.',
  '5. Delete the old resource after the rollback period, keeping its final snapshot.',
];

const ENTRIES: Entry[] = [
  [
    'IAM.4',
    'iam',
    'Root user access keys can only be deleted while signed in as the root user; no IAM role or automation can act on root credentials.',
    [
      '1. Find which workloads use the root key (CloudTrail userIdentity.type = Root with an access key).',
      '2. Move them to an IAM role or IAM Identity Center permission set.',
      '3. Sign in as root, open Security credentials and deactivate, then delete, the access keys.',
    ],
  ],
  [
    'IAM.6',
    'iam',
    'A hardware MFA device has to be physically held and registered by the person signing in as root.',
    [
      '1. Procure a FIDO security key or hardware TOTP token and store it in a safe location.',
      '2. Sign in as root, open Security credentials, choose Assign MFA device and register it.',
      '3. Record custody of the device in the break-glass procedure.',
    ],
  ],
  [
    'IAM.9',
    'iam',
    'Registering MFA for the root user requires signing in as root and possessing the device; it cannot be done through an API with role credentials.',
    [
      '1. Sign in as root with the break-glass credentials.',
      '2. Assign a FIDO key or virtual MFA device under Security credentials.',
      '3. Store recovery details in the break-glass vault and test a sign-in.',
    ],
  ],
  [
    'IAM.5',
    'iam',
    'Each user has to enrol their own MFA device; an automation cannot hold the second factor on their behalf.',
    [
      '1. Notify the affected users with a deadline.',
      '2. Attach a policy denying actions without aws:MultiFactorAuthPresent except MFA self-service.',
      '3. Have each user register a device under My security credentials; disable console access for users who do not.',
    ],
  ],
  [
    'IAM.19',
    'iam',
    'MFA enrolment needs the user and their device; an automation can only remove credentials, which would lock users out.',
    [
      '1. Prefer moving human users to IAM Identity Center.',
      '2. For remaining IAM users, ask each to register an MFA device.',
      '3. Remove console passwords of users that will not enrol.',
    ],
  ],
  [
    'Account.1',
    'account',
    'The security alternate contact must name a real person or team mailbox that only the account owner can decide.',
    [
      '1. Agree the security team mailbox and phone number.',
      '2. Set it with aws account put-alternate-contact --alternate-contact-type SECURITY, or centrally from the management account.',
      '3. Confirm the mailbox receives a test message.',
    ],
  ],
  [
    'DMS.1',
    'dms',
    'A replication instance’s PubliclyAccessible setting is fixed when the instance is created; the instance must be recreated as private.',
    [
      '1. Note the instance class, engine version, subnet group and security groups.',
      '2. Create a new replication instance with PubliclyAccessible disabled in private subnets.',
      '3. Recreate or modify the tasks to use the new instance and test endpoint connections.',
      '4. Stop the tasks on the old instance and delete it.',
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
      '1. Snapshot the cluster.',
      '2. Restore the snapshot to a new cluster with a backtrack window set.',
      '3. Cut applications over to the new cluster endpoint and retire the old cluster.',
    ],
  ],
  [
    'RDS.24',
    'rds',
    'The master username of a DB cluster cannot be changed after creation.',
    [
      '1. Create a new administrative user with a non-default name and move automation to it.',
      '2. For a full fix, restore a snapshot into a new cluster with a custom master username.',
      '3. Switch applications to the new cluster and delete the old one.',
    ],
  ],
  [
    'RDS.25',
    'rds',
    'The master username of a DB instance cannot be changed after creation.',
    [
      '1. Restore a snapshot into a new instance with a custom master username.',
      '2. Recreate application users and grants on the new instance.',
      '3. Switch endpoints and delete the old instance after verification.',
    ],
  ],
  [
    'Redshift.8',
    'redshift',
    'The admin user name of a provisioned Redshift cluster is set at creation and cannot be modified.',
    [
      '1. Restore the latest snapshot to a new cluster with a custom admin user name.',
      '2. Recreate users, groups and grants.',
      '3. Repoint BI tools and ETL jobs, then delete the old cluster.',
    ],
  ],
  [
    'EFS.1',
    'efs',
    'Encryption at rest for an EFS file system is chosen at creation; an existing unencrypted file system cannot be converted.',
    [
      '1. Create a new encrypted file system with the same performance and throughput modes.',
      '2. Copy data with AWS DataSync, or restore an AWS Backup recovery point into it.',
      '3. Update mount targets, access points and fstab/task definitions to the new file system id.',
      '4. Delete the old file system after verification.',
    ],
  ],
  [
    'EFS.8',
    'efs',
    'Same constraint as EFS.1: encryption is an immutable creation-time property of the file system.',
    [
      '1. Create an encrypted file system.',
      '2. Migrate data with DataSync.',
      '3. Remount clients on the new file system and delete the old one.',
    ],
  ],
  [
    'ElastiCache.4',
    'elasticache',
    'At-rest encryption of a replication group is set when it is created and cannot be enabled afterwards.',
    [
      '1. Create a backup of the replication group.',
      '2. Create a new replication group from the backup with at-rest encryption enabled.',
      '3. Switch application endpoints, then delete the old group.',
    ],
  ],
  [
    'DocumentDB.1',
    'documentdb',
    'Amazon DocumentDB storage encryption can only be enabled when the cluster is created.',
    [
      '1. Snapshot the cluster.',
      '2. Restore the snapshot to a new cluster with a KMS key selected.',
      '3. Move clients to the new cluster endpoint and delete the old cluster.',
    ],
  ],
  [
    'Neptune.1',
    'neptune',
    'Neptune cluster encryption at rest is a creation-time setting.',
    [
      '1. Snapshot the cluster.',
      '2. Restore into a new cluster with encryption enabled.',
      '3. Repoint clients and delete the unencrypted cluster.',
    ],
  ],
  [
    'DynamoDB.3',
    'dynamodb',
    'DAX server-side encryption can only be enabled when the DAX cluster is created.',
    [
      '1. Create a new DAX cluster with SSE enabled and the same node type and parameter group.',
      '2. Update application DAX endpoints.',
      '3. Delete the old cluster (DAX holds only cache data).',
    ],
  ],
  [
    'EC2.3',
    'ec2',
    'An attached EBS volume cannot be encrypted in place; it has to be replaced by an encrypted copy, which requires stopping the instance.',
    [
      '1. Snapshot the volume.',
      '2. Copy the snapshot with encryption enabled.',
      '3. Create a volume from the encrypted copy in the same Availability Zone.',
      '4. Stop the instance, detach the old volume, attach the new one on the same device name and start it.',
    ],
  ],
  [
    'WorkSpaces.1',
    'workspaces',
    'User volume encryption of a WorkSpace can only be chosen when the WorkSpace is launched.',
    [
      '1. Ask the user to back up local data.',
      '2. Launch a new WorkSpace with user volume encryption and a KMS key.',
      '3. Remove the old WorkSpace.',
    ],
  ],
  [
    'WorkSpaces.2',
    'workspaces',
    'Root volume encryption of a WorkSpace is fixed at launch.',
    [
      '1. Launch a replacement WorkSpace with root volume encryption.',
      '2. Migrate the user profile and retire the old WorkSpace.',
    ],
  ],
  [
    'SageMaker.1',
    'sagemaker',
    'DirectInternetAccess of a notebook instance is set at creation; disabling it requires a new notebook instance in a VPC subnet.',
    [
      '1. Save notebooks to a Git repository or S3.',
      '2. Create a new notebook instance in a private subnet with direct internet access disabled (NAT or VPC endpoints for dependencies).',
      '3. Restore notebooks and delete the old instance.',
    ],
  ],
  [
    'Lambda.2',
    'lambda',
    'Moving to a supported runtime changes the language version the code runs on, which needs code and dependency changes and testing.',
    [
      '1. Pick the newest supported runtime of the same language.',
      '2. Update dependencies, build and run the test suite.',
      '3. Deploy through the normal pipeline and monitor errors.',
    ],
  ],
  [
    'EKS.2',
    'eks',
    'Kubernetes upgrades go one minor version at a time and can break workloads using removed APIs.',
    [
      '1. Check for deprecated APIs and add-on compatibility.',
      '2. Upgrade the control plane one minor version.',
      '3. Upgrade managed node groups and add-ons, then repeat until supported.',
    ],
  ],
  [
    'CloudFront.7',
    'cloudfront',
    'Using a custom certificate needs an owned domain name and a validated ACM certificate in us-east-1, which involves DNS ownership.',
    [
      '1. Request an ACM certificate in us-east-1 for the domain and validate it through DNS.',
      '2. Add the domain as an alternate domain name and attach the certificate.',
      '3. Point the DNS record at the distribution.',
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
