import type { AwsRunbookRemediation } from '../types';
import {
  ACCOUNT_ID,
  ASSUME_ROLE,
  RESOURCE_ID,
  RESOURCE_NAME,
  constant,
  iam,
  operatorInput,
  runbookPage,
} from './shared';

const REMOVE_OPEN_INGRESS = {
  runbook: 'AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules',
  resourceType: 'AwsEc2SecurityGroup',
  parameters: {
    AutomationAssumeRole: ASSUME_ROLE,
    SecurityGroupId: RESOURCE_NAME,
  },
  requiredIamActions: iam(
    'ec2:DescribeSecurityGroups',
    'ec2:RevokeSecurityGroupIngress',
  ),
  source: runbookPage('automation-aws-remove-unrestricted-source-ingress'),
};

const OPEN_INGRESS_CAVEAT =
  'Caveat: it revokes every ingress rule open to 0.0.0.0/0 or ::/0 on the group, including intentionally public ports such as 443, so check the group first.';

/** S3, EC2/VPC, Auto Scaling, ELB, CloudFront, API Gateway, Lambda. */
export const NETWORK_AND_COMPUTE_RUNBOOKS: readonly AwsRunbookRemediation[] = [
  {
    controlId: 'S3.1',
    runbook: 'AWSConfigRemediation-ConfigureS3PublicAccessBlock',
    resourceType: 'AwsAccount',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      AccountId: ACCOUNT_ID,
      BlockPublicAcls: constant(true),
      BlockPublicPolicy: constant(true),
      IgnorePublicAcls: constant(true),
      RestrictPublicBuckets: constant(true),
    },
    requiredIamActions: iam(
      's3:GetAccountPublicAccessBlock',
      's3:PutAccountPublicAccessBlock',
    ),
    rationale:
      'Turns on all four account-level S3 Block Public Access settings, which is exactly what S3.1 checks; any bucket that relies on public access (static website without CloudFront) stops being reachable.',
    source: runbookPage('automation-aws-block-public-s3'),
  },
  ...(['S3.2', 'S3.3', 'S3.8'] as const).map(controlId => ({
    controlId,
    runbook: 'AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock',
    resourceType: 'AwsS3Bucket',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      BucketName: RESOURCE_NAME,
      BlockPublicAcls: constant(true),
      BlockPublicPolicy: constant(true),
      IgnorePublicAcls: constant(true),
      RestrictPublicBuckets: constant(true),
    },
    requiredIamActions: iam(
      's3:GetBucketPublicAccessBlock',
      's3:PutBucketPublicAccessBlock',
    ),
    rationale:
      'Bucket-level Block Public Access neutralises public ACLs and public bucket policies, so the bucket can no longer be read or written anonymously; public content must move behind CloudFront first.',
    source: runbookPage('automation-aws-block-public-s3-bucket'),
  })),
  {
    controlId: 'S3.5',
    runbook: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
    resourceType: 'AwsS3Bucket',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      BucketName: RESOURCE_NAME,
    },
    requiredIamActions: iam(
      's3:DeleteBucketPolicy',
      's3:GetBucketPolicy',
      's3:PutBucketPolicy',
    ),
    rationale:
      'Adds a Deny statement on aws:SecureTransport=false to the bucket policy; the runbook rewrites the policy document, so keep a copy of the current policy and re-check it after the run.',
    source: runbookPage('automation-aws-s3-deny-http'),
  },
  {
    controlId: 'EC2.2',
    runbook: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
    resourceType: 'AwsEc2SecurityGroup',
    parameters: { AutomationAssumeRole: ASSUME_ROLE, GroupId: RESOURCE_NAME },
    requiredIamActions: iam(
      'ec2:DescribeSecurityGroups',
      'ec2:RevokeSecurityGroupEgress',
      'ec2:RevokeSecurityGroupIngress',
    ),
    rationale:
      'Removes all inbound and outbound rules of the default security group, which is what EC2.2 requires; anything still attached to the default group loses connectivity.',
    source: runbookPage('automation-aws-remove-default-secg-rules'),
  },
  {
    controlId: 'EC2.7',
    runbook: 'AWSConfigRemediation-EnableEbsEncryptionByDefault',
    resourceType: 'AwsAccount',
    parameters: { AutomationAssumeRole: ASSUME_ROLE },
    requiredIamActions: iam('ec2:EnableEbsEncryptionByDefault'),
    rationale:
      'Enables EBS encryption by default for the Region the automation runs in; existing volumes are not encrypted by it, only new ones.',
    source: runbookPage('automation-aws-enable-ebs-encryption'),
  },
  {
    controlId: 'EC2.8',
    runbook: 'AWSConfigRemediation-EnforceEC2InstanceIMDSv2',
    resourceType: 'AwsEc2Instance',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      InstanceId: RESOURCE_NAME,
    },
    requiredIamActions: iam(
      'ec2:DescribeInstances',
      'ec2:ModifyInstanceMetadataOptions',
    ),
    rationale:
      'Sets HttpTokens to required on the instance so only IMDSv2 session requests are answered; software using IMDSv1 (old SDKs, agents) breaks, so test first.',
    source: runbookPage('automation-aws-enforce-ec2-imdsv2'),
  },
  {
    controlId: 'EC2.15',
    runbook: 'AWSConfigRemediation-DisableSubnetAutoAssignPublicIP',
    resourceType: 'AwsEc2Subnet',
    parameters: { AutomationAssumeRole: ASSUME_ROLE, SubnetId: RESOURCE_NAME },
    requiredIamActions: iam('ec2:DescribeSubnets', 'ec2:ModifySubnetAttribute'),
    rationale:
      'Turns off MapPublicIpOnLaunch on the subnet; instances already running keep their public addresses.',
    source: runbookPage('automation-aws-disable-subnet-auto-public-ip'),
  },
  {
    controlId: 'EC2.16',
    runbook: 'AWSConfigRemediation-DeleteUnusedVPCNetworkACL',
    resourceType: 'AwsEc2NetworkAcl',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      NetworkAclId: RESOURCE_NAME,
    },
    requiredIamActions: iam('ec2:DeleteNetworkAcl', 'ec2:DescribeNetworkAcls'),
    rationale:
      'Deletes the network ACL that no subnet is associated with, which is the only fix for an unused NACL.',
    source: runbookPage('automation-aws-delete-vpc-nacl'),
  },
  {
    controlId: 'EC2.22',
    runbook: 'AWSConfigRemediation-DeleteUnusedSecurityGroup',
    resourceType: 'AwsEc2SecurityGroup',
    parameters: { AutomationAssumeRole: ASSUME_ROLE, GroupId: RESOURCE_NAME },
    requiredIamActions: iam(
      'ec2:DeleteSecurityGroup',
      'ec2:DescribeSecurityGroups',
    ),
    rationale:
      'Deletes the security group that no network interface uses; groups referenced from other groups or from IaC will be recreated or block deletion, so check references first.',
    source: runbookPage('automation-aws-delete-ec2-security-group'),
  },
  ...(['EC2.13', 'EC2.18', 'EC2.19', 'EC2.53', 'EC2.54'] as const).map(
    controlId => ({
      ...REMOVE_OPEN_INGRESS,
      controlId,
      rationale: `Revoking ingress rules whose source is any address removes the internet exposure the control flags. ${OPEN_INGRESS_CAVEAT}`,
    }),
  ),
  {
    controlId: 'AutoScaling.1',
    runbook: 'AWSConfigRemediation-EnableAutoScalingGroupELBHealthCheck',
    resourceType: 'AwsAutoScalingAutoScalingGroup',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      AutoScalingGroupARN: RESOURCE_ID,
      HealthCheckGracePeriod: constant(300),
    },
    // The reference page prints these with an ec2: prefix; the IAM service
    // prefix for the Auto Scaling API is autoscaling:.
    requiredIamActions: iam(
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:UpdateAutoScalingGroup',
    ),
    rationale:
      'Switches the group health check type to ELB so instances failing load balancer checks are replaced; a too-short grace period can cause replacement loops at boot.',
    source: runbookPage('automation-aws-enable-asg-health-check'),
  },
  {
    controlId: 'ELB.4',
    runbook: 'AWSConfigRemediation-DropInvalidHeadersForALB',
    resourceType: 'AwsElbv2LoadBalancer',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      LoadBalancerArn: RESOURCE_ID,
    },
    requiredIamActions: iam(
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
    ),
    rationale:
      'Sets routing.http.drop_invalid_header_fields.enabled on the ALB, closing a request-smuggling vector; clients sending malformed header names lose those headers.',
    source: runbookPage('automation-aws-drop-alb-headers'),
  },
  {
    controlId: 'ELB.5',
    runbook: 'AWSConfigRemediation-EnableLoggingForALBAndCLB',
    resourceType: 'AwsElbv2LoadBalancer',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      LoadBalancerId: RESOURCE_ID,
      S3BucketName: operatorInput(
        'S3 bucket for access logs; its policy must allow the Region’s ELB log delivery principal.',
      ),
    },
    requiredIamActions: iam(
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
    ),
    rationale:
      'Turns on access logging to the chosen bucket; the runbook does not create the bucket or its delivery policy, so those must exist first.',
    source: runbookPage('automation-aws-enable-logging-alb-clb'),
  },
  {
    controlId: 'ELB.6',
    runbook: 'AWSConfigRemediation-EnableELBDeletionProtection',
    resourceType: 'AwsElbv2LoadBalancer',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      LoadBalancerArn: RESOURCE_ID,
    },
    requiredIamActions: iam(
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
    ),
    rationale:
      'Sets deletion_protection.enabled on the load balancer; IaC teardown pipelines then need to disable it explicitly.',
    source: runbookPage('automation-aws-enable-elb-protection'),
  },
  {
    controlId: 'ELB.9',
    runbook: 'AWSConfigRemediation-EnableCLBCrossZoneLoadBalancing',
    resourceType: 'AwsElbLoadBalancer',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      LoadBalancerName: RESOURCE_NAME,
    },
    // The reference page prints an elb: prefix; the IAM service prefix for
    // Classic Load Balancer actions is elasticloadbalancing:.
    requiredIamActions: iam(
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
    ),
    rationale:
      'Enables cross-zone load balancing on the Classic Load Balancer so traffic spreads evenly across registered instances in all zones.',
    source: runbookPage('automation-aws-enable-clb-crosszone'),
  },
];
