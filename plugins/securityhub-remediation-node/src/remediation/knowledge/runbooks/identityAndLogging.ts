import type { AwsRunbookRemediation } from '../types';
import {
  ASSUME_ROLE,
  RESOURCE_ID,
  RESOURCE_NAME,
  constant,
  detail,
  iam,
  operatorInput,
  runbookPage,
} from './shared';

/** IAM, KMS, CloudTrail, GuardDuty, Secrets Manager, SNS, CloudFront, API Gateway, WAF. */
export const IDENTITY_AND_LOGGING_RUNBOOKS: readonly AwsRunbookRemediation[] = [
  {
    controlId: 'IAM.2',
    runbook: 'AWSConfigRemediation-RemoveUserPolicies',
    resourceType: 'AwsIamUser',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      IAMUserID: detail('UserId'),
      PolicyType: constant('All'),
    },
    requiredIamActions: iam(
      'iam:DeleteUserPolicy',
      'iam:DetachUserPolicy',
      'iam:ListAttachedUserPolicies',
      'iam:ListUserPolicies',
      'iam:ListUsers',
    ),
    rationale:
      'Detaches managed and deletes inline policies of the user; the user loses those permissions, so grant them through a group or role beforehand.',
    source: runbookPage('automation-aws-remove-user-policies'),
  },
  {
    controlId: 'IAM.7',
    runbook: 'AWSConfigRemediation-SetIAMPasswordPolicy',
    resourceType: 'AwsAccount',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      AllowUsersToChangePassword: constant(true),
      HardExpiry: constant(false),
      MaxPasswordAge: constant(90),
      MinimumPasswordLength: constant(14),
      PasswordReusePrevention: constant(24),
      RequireLowercaseCharacters: constant(true),
      RequireNumbers: constant(true),
      RequireSymbols: constant(true),
      RequireUppercaseCharacters: constant(true),
    },
    requiredIamActions: iam(
      'iam:GetAccountPasswordPolicy',
      'iam:UpdateAccountPasswordPolicy',
    ),
    rationale:
      'Replaces the account password policy with one meeting the control’s defaults; it overwrites any stricter custom setting, so compare before running.',
    source: runbookPage('automation-aws-set-iam-policy'),
  },
  {
    controlId: 'IAM.8',
    runbook: 'AWSConfigRemediation-RevokeUnusedIAMUserCredentials',
    resourceType: 'AwsIamUser',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      IAMResourceId: detail('UserId'),
      MaxCredentialUsageAge: constant('90'),
    },
    requiredIamActions: iam(
      'config:ListDiscoveredResources',
      'iam:DeleteAccessKey',
      'iam:DeleteLoginProfile',
      'iam:GetAccessKeyLastUsed',
      'iam:GetLoginProfile',
      'iam:GetUser',
      'iam:ListAccessKeys',
      'iam:UpdateAccessKey',
    ),
    rationale:
      'Deactivates access keys and removes console passwords unused for 90 days; it needs AWS Config recording IAM users because it resolves the user through Config.',
    source: runbookPage('automation-aws-revoke-iam-user'),
  },
  {
    controlId: 'IAM.28',
    runbook: 'AWSConfigRemediation-EnableAccountAccessAnalyzer',
    resourceType: 'AwsAccount',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      AnalyzerName: constant('account-external-access'),
    },
    requiredIamActions: iam(
      'access-analyzer:CreateAnalyzer',
      'access-analyzer:GetAnalyzer',
    ),
    rationale:
      'Creates an account-zone external access analyzer in the Region; organisations that want an organisation-zone analyzer should create that from the delegated administrator instead.',
    source: runbookPage('automation-aws-enable-account-access-analyzer'),
  },
  {
    controlId: 'KMS.3',
    runbook: 'AWSConfigRemediation-CancelKeyDeletion',
    resourceType: 'AwsKmsKey',
    parameters: { AutomationAssumeRole: ASSUME_ROLE, KeyId: RESOURCE_NAME },
    requiredIamActions: iam('kms:CancelKeyDeletion', 'kms:DescribeKey'),
    rationale:
      'Cancels the pending deletion; KMS leaves the key disabled afterwards, so re-enable it once the owner confirms it is still needed.',
    source: runbookPage('automation-aws-cancel-key-deletion'),
  },
  {
    controlId: 'KMS.4',
    runbook: 'AWSConfigRemediation-EnableKeyRotation',
    resourceType: 'AwsKmsKey',
    parameters: { AutomationAssumeRole: ASSUME_ROLE, KeyId: RESOURCE_NAME },
    requiredIamActions: iam(
      'kms:EnableKeyRotation',
      'kms:GetKeyRotationStatus',
    ),
    rationale:
      'Turns on automatic yearly rotation of the key material; only symmetric customer managed keys support it.',
    source: runbookPage('automation-aws-enable-key-rotation'),
  },
  {
    controlId: 'CloudTrail.1',
    runbook: 'AWSConfigRemediation-CreateCloudTrailMultiRegionTrail',
    resourceType: 'AwsAccount',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      BucketName: operatorInput(
        'Existing S3 bucket whose policy lets CloudTrail write to it.',
      ),
      TrailName: constant('multi-region-management-events'),
    },
    requiredIamActions: iam(
      'cloudtrail:CreateTrail',
      'cloudtrail:GetTrail',
      'cloudtrail:StartLogging',
      's3:GetBucketAcl',
      's3:ListBucket',
      's3:PutBucketLogging',
      's3:PutObject',
    ),
    rationale:
      'Creates and starts a multi-Region trail with management events; in an organisation an organisation trail is usually the better fix.',
    source: runbookPage('automation-aws-create-ct-mr'),
  },
  {
    controlId: 'CloudTrail.2',
    runbook: 'AWSConfigRemediation-EnableCloudTrailEncryptionWithKMS',
    resourceType: 'AwsCloudTrailTrail',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      TrailName: RESOURCE_NAME,
      KMSKeyId: operatorInput(
        'Customer managed KMS key whose policy allows CloudTrail to encrypt.',
      ),
    },
    requiredIamActions: iam('cloudtrail:GetTrail', 'cloudtrail:UpdateTrail'),
    rationale:
      'Points the trail at a customer managed key for SSE-KMS; the key policy must already grant CloudTrail, otherwise log delivery stops.',
    source: runbookPage('automation-aws-ctrail-kms'),
  },
  {
    controlId: 'CloudTrail.4',
    runbook: 'AWSConfigRemediation-EnableCloudTrailLogFileValidation',
    resourceType: 'AwsCloudTrailTrail',
    parameters: { AutomationAssumeRole: ASSUME_ROLE, TrailName: RESOURCE_ID },
    requiredIamActions: iam(
      'cloudtrail:DescribeTrails',
      'cloudtrail:UpdateTrail',
    ),
    rationale:
      'Enables digest files for the trail so tampering with delivered logs can be detected.',
    source: runbookPage('automation-aws-enable-ctrail-log-validation'),
  },
  {
    controlId: 'GuardDuty.1',
    runbook: 'AWSConfigRemediation-CreateGuardDutyDetector',
    resourceType: 'AwsAccount',
    parameters: { AutomationAssumeRole: ASSUME_ROLE },
    requiredIamActions: iam(
      'guardduty:CreateDetector',
      'guardduty:GetDetector',
    ),
    rationale:
      'Creates a GuardDuty detector in the Region; member accounts of an organisation should instead be enabled by the delegated administrator.',
    source: runbookPage('automation-aws-enable-guard-detect'),
  },
  {
    controlId: 'SecretsManager.1',
    runbook: 'AWSConfigRemediation-RotateSecret',
    resourceType: 'AwsSecretsManagerSecret',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      SecretId: RESOURCE_ID,
      RotationInterval: constant(90),
      RotationLambdaArn: operatorInput(
        'Rotation Lambda function that fits the secret type.',
      ),
    },
    requiredIamActions: iam(
      'lambda:InvokeFunction',
      'secretsmanager:DescribeSecret',
      'secretsmanager:RotateSecret',
    ),
    rationale:
      'Configures rotation with the given Lambda and triggers a first rotation immediately; clients must fetch the secret at run time or they break.',
    source: runbookPage('automation-aws-rotate-secret'),
  },
  {
    controlId: 'SecretsManager.3',
    runbook: 'AWSConfigRemediation-DeleteSecret',
    resourceType: 'AwsSecretsManagerSecret',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      SecretId: RESOURCE_ID,
      RecoveryWindowInDays: constant(30),
    },
    requiredIamActions: iam(
      'secretsmanager:DeleteSecret',
      'secretsmanager:DescribeSecret',
    ),
    rationale:
      'Schedules the unused secret for deletion with the longest recovery window, so it can still be restored for 30 days.',
    source: runbookPage('automation-aws-delete-secret'),
  },
  {
    controlId: 'SNS.1',
    runbook: 'AWSConfigRemediation-EncryptSNSTopic',
    resourceType: 'AwsSnsTopic',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      TopicArn: RESOURCE_ID,
      KmsKeyArn: operatorInput(
        'KMS key ARN whose policy lets the topic’s publishers use it.',
      ),
    },
    requiredIamActions: iam('sns:GetTopicAttributes', 'sns:SetTopicAttributes'),
    rationale:
      'Sets KmsMasterKeyId on the topic; publishers (including AWS services such as CloudWatch alarms) need kms:GenerateDataKey and kms:Decrypt on the key or publishing fails.',
    source: runbookPage('automation-aws-encrypt-sns-topic'),
  },
  {
    controlId: 'CloudFront.1',
    runbook: 'AWSConfigRemediation-EnableCloudFrontDefaultRootObject',
    resourceType: 'AwsCloudFrontDistribution',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      CloudFrontDistributionId: RESOURCE_NAME,
      DefaultRootObject: operatorInput(
        'Object served for “/”, e.g. index.html.',
      ),
    },
    requiredIamActions: iam(
      'cloudfront:GetDistributionConfig',
      'cloudfront:UpdateDistribution',
    ),
    rationale:
      'Sets the default root object so a request for the distribution root returns that object instead of an origin listing.',
    source: runbookPage('automation-aws-enable-cloudfront-root-object'),
  },
  {
    controlId: 'CloudFront.3',
    runbook: 'AWSConfigRemediation-EnableCloudFrontViewerPolicyHTTPS',
    resourceType: 'AwsCloudFrontDistribution',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      CloudFrontDistributionId: RESOURCE_NAME,
      ViewerProtocolPolicy: constant('redirect-to-https'),
    },
    requiredIamActions: iam(
      'cloudfront:GetDistributionConfig',
      'cloudfront:UpdateDistribution',
    ),
    rationale:
      'Sets the viewer protocol policy of the cache behaviors to redirect-to-https, so plain HTTP viewers are redirected rather than served.',
    source: runbookPage('automation-aws-enable-cloudfront-viewer-policy'),
  },
  {
    controlId: 'CloudFront.5',
    runbook: 'AWSConfigRemediation-EnableCloudFrontAccessLogs',
    resourceType: 'AwsCloudFrontDistribution',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      CloudFrontId: RESOURCE_NAME,
      BucketName: operatorInput(
        'Log bucket with ACLs enabled (CloudFront standard logs need them).',
      ),
    },
    requiredIamActions: iam(
      'cloudfront:GetDistributionConfig',
      'cloudfront:UpdateDistribution',
    ),
    rationale:
      'Enables standard access logs to the chosen bucket; the bucket cannot be in af-south-1, ap-east-1, eu-south-1 or me-south-1.',
    source: runbookPage('automation-aws-enable-cloudfront-access-logs'),
  },
  {
    controlId: 'APIGateway.3',
    runbook: 'AWSConfigRemediation-EnableAPIGatewayTracing',
    resourceType: 'AwsApiGatewayStage',
    parameters: { AutomationAssumeRole: ASSUME_ROLE, StageArn: RESOURCE_ID },
    // API Gateway authorizes by HTTP verb on the resource path, not by
    // operation name (the 2021 runbook page printed GetStage/UpdateStage).
    requiredIamActions: iam('apigateway:GET', 'apigateway:PATCH'),
    rationale:
      'Turns on X-Ray active tracing for the REST API stage; tracing is billed per trace recorded.',
    source: runbookPage('automation-aws-enable-apigw-tracing'),
  },
  {
    controlId: 'WAF.11',
    runbook: 'AWSConfigRemediation-EnableWAFV2Logging',
    resourceType: 'AwsWafv2WebAcl',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      WebAclArn: RESOURCE_ID,
      LogDestinationConfigs: operatorInput(
        'ARN of a Firehose delivery stream whose name starts with aws-waf-logs-.',
      ),
    },
    requiredIamActions: iam(
      'firehose:DescribeDeliveryStream',
      'wafv2:GetLoggingConfiguration',
      'wafv2:PutLoggingConfiguration',
    ),
    rationale:
      'Attaches a logging configuration to the web ACL; the Firehose stream has to exist first.',
    source: runbookPage('automation-aws-enable-wafv2-logging'),
  },
  {
    controlId: 'WAF.1',
    runbook: 'AWSConfigRemediation-EnableWAFClassicLogging',
    resourceType: 'AwsWafWebAcl',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      WebACLId: detail('WebAclId'),
      DeliveryStreamName: operatorInput(
        'Firehose delivery stream (us-east-1, name starting aws-waf-logs-).',
      ),
    },
    requiredIamActions: iam(
      'iam:CreateServiceLinkedRole',
      'waf:GetLoggingConfiguration',
      'waf:GetWebAcl',
      'waf:PutLoggingConfiguration',
    ),
    rationale:
      'Enables logging on the global WAF Classic web ACL; WAF Classic is end-of-life, so migrating to WAFv2 is the durable fix.',
    source: runbookPage('automation-aws-enable-waf-logging'),
  },
];
