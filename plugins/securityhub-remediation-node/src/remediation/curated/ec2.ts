import {
  apiCall,
  ARN,
  assertProperty,
  FALSE,
  param,
  PATTERNS,
  permission,
  script,
  TRUE,
  waitForProperty,
} from './helpers';
import type { CuratedAutomation } from './types';

// Revokes exactly the rules the group has, as DescribeSecurityGroups reports
// them; refuses any group that is not a VPC's default group.
const REVOKE_DEFAULT_SG_RULES_SCRIPT = `
import boto3


def handler(events, context):
    group_id = events['GroupId']
    ec2 = boto3.client('ec2')
    group = ec2.describe_security_groups(GroupIds=[group_id])['SecurityGroups'][0]
    if group['GroupName'] != 'default':
        raise Exception(group_id + ' is not a default security group')
    ingress = group.get('IpPermissions', [])
    egress = group.get('IpPermissionsEgress', [])
    if ingress:
        ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=ingress)
    if egress:
        ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=egress)
    return {'RevokedIngress': len(ingress), 'RevokedEgress': len(egress)}
`;

const VERIFY_DEFAULT_SG_EMPTY_SCRIPT = `
import boto3


def handler(events, context):
    group_id = events['GroupId']
    ec2 = boto3.client('ec2')
    group = ec2.describe_security_groups(GroupIds=[group_id])['SecurityGroups'][0]
    remaining = len(group.get('IpPermissions', [])) + len(group.get('IpPermissionsEgress', []))
    if remaining:
        raise Exception(group_id + ' still has ' + str(remaining) + ' rule(s)')
    return {'Verified': True}
`;

export const EC2_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'EC2.1',
    description:
      'Turns on EBS snapshot Block Public Access (block-all-sharing) for the account in the Region.',
    resourceType: 'AwsAccount',
    parameters: {},
    steps: [
      apiCall(
        'EnableSnapshotBlockPublicAccess',
        'ec2',
        'EnableSnapshotBlockPublicAccess',
        { State: 'block-all-sharing' },
      ),
      assertProperty(
        'VerifySnapshotBlockPublicAccess',
        'ec2',
        'GetSnapshotBlockPublicAccessState',
        {},
        '$.State',
        ['block-all-sharing'],
      ),
    ],
    permissions: [
      permission(
        [
          'ec2:EnableSnapshotBlockPublicAccess',
          'ec2:GetSnapshotBlockPublicAccessState',
        ],
        ['*'],
        'Region-wide account setting; these actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'Every snapshot of the Region that is shared publicly stops being public, and no snapshot can be shared publicly any more; sharing with specific accounts is unaffected.',
    ],
  },
  {
    controlId: 'EC2.2',
    description:
      'Revokes every inbound and outbound rule of the VPC default security group.',
    resourceType: 'AwsEc2SecurityGroup',
    parameters: {
      GroupId: param(
        'Id of the VPC default security group',
        { from: 'resourceName' },
        PATTERNS.securityGroupId,
      ),
    },
    steps: [
      script(
        'RevokeDefaultSecurityGroupRules',
        REVOKE_DEFAULT_SG_RULES_SCRIPT,
        {
          GroupId: '{{ GroupId }}',
        },
      ),
      script(
        'VerifyDefaultSecurityGroupEmpty',
        VERIFY_DEFAULT_SG_EMPTY_SCRIPT,
        {
          GroupId: '{{ GroupId }}',
        },
      ),
    ],
    permissions: [
      permission(
        ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
        [ARN.ec2('security-group', 'GroupId')],
        'Revoke the rules of this one security group.',
      ),
      permission(
        ['ec2:DescribeSecurityGroups'],
        ['*'],
        'Read the group and its rules before and after; Describe actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'Anything still attached to the default security group loses the traffic its rules allowed (typically instance-to-instance traffic inside the group and all outbound traffic). Move such resources to dedicated security groups first.',
      'Fails without change if the group is not named "default".',
    ],
  },
  {
    controlId: 'EC2.7',
    description:
      'Turns on EBS encryption by default for the account in the Region.',
    resourceType: 'AwsAccount',
    parameters: {},
    steps: [
      apiCall(
        'EnableEbsEncryptionByDefault',
        'ec2',
        'EnableEbsEncryptionByDefault',
        {},
      ),
      assertProperty(
        'VerifyEbsEncryptionByDefault',
        'ec2',
        'GetEbsEncryptionByDefault',
        {},
        '$.EbsEncryptionByDefault',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['ec2:EnableEbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault'],
        ['*'],
        'Region-wide account setting; these actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'New volumes and snapshot copies are encrypted with the default EBS key (aws/ebs unless changed); snapshots and AMIs encrypted with aws/ebs cannot be shared with other accounts.',
      'Existing unencrypted volumes stay unencrypted; instance types without EBS encryption support can no longer be launched.',
    ],
  },
  {
    controlId: 'EC2.8',
    description:
      'Requires IMDSv2 (session tokens) for the instance metadata service of the instance.',
    resourceType: 'AwsEc2Instance',
    parameters: {
      InstanceId: param(
        'Id of the EC2 instance',
        { from: 'resourceName' },
        PATTERNS.instanceId,
      ),
    },
    steps: [
      apiCall('RequireImdsV2', 'ec2', 'ModifyInstanceMetadataOptions', {
        InstanceId: '{{ InstanceId }}',
        HttpTokens: 'required',
      }),
      waitForProperty(
        'WaitForMetadataOptionsApplied',
        'ec2',
        'DescribeInstances',
        { InstanceIds: ['{{ InstanceId }}'] },
        '$.Reservations[0].Instances[0].MetadataOptions.State',
        ['applied'],
      ),
      assertProperty(
        'VerifyHttpTokensRequired',
        'ec2',
        'DescribeInstances',
        { InstanceIds: ['{{ InstanceId }}'] },
        '$.Reservations[0].Instances[0].MetadataOptions.HttpTokens',
        ['required'],
      ),
    ],
    permissions: [
      permission(
        ['ec2:ModifyInstanceMetadataOptions'],
        [ARN.ec2('instance', 'InstanceId')],
        'Change the metadata options of this one instance.',
      ),
      permission(
        ['ec2:DescribeInstances'],
        ['*'],
        'Read the metadata options back; Describe actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'Software on the instance that reads instance metadata with IMDSv1 (old SDKs, agents, scripts calling 169.254.169.254 without a token) fails from now on; check the MetadataNoToken CloudWatch metric first.',
    ],
  },
  {
    controlId: 'EC2.15',
    description:
      'Stops the subnet from assigning public IPv4 addresses to new network interfaces.',
    resourceType: 'AwsEc2Subnet',
    parameters: {
      SubnetId: param(
        'Id of the subnet',
        { from: 'resourceName' },
        PATTERNS.subnetId,
      ),
    },
    steps: [
      apiCall('DisableMapPublicIpOnLaunch', 'ec2', 'ModifySubnetAttribute', {
        SubnetId: '{{ SubnetId }}',
        MapPublicIpOnLaunch: { Value: false },
      }),
      assertProperty(
        'VerifyMapPublicIpOnLaunchDisabled',
        'ec2',
        'DescribeSubnets',
        { SubnetIds: ['{{ SubnetId }}'] },
        '$.Subnets[0].MapPublicIpOnLaunch',
        FALSE,
      ),
    ],
    permissions: [
      permission(
        ['ec2:ModifySubnetAttribute'],
        [ARN.ec2('subnet', 'SubnetId')],
        'Change the attribute of this one subnet.',
      ),
      permission(
        ['ec2:DescribeSubnets'],
        ['*'],
        'Read the attribute back; Describe actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'Instances launched later into this subnet get no public IPv4 address unless the launch asks for one; launches that rely on the default (for example public subnets without an Elastic IP step) lose internet reachability.',
    ],
  },
  {
    controlId: 'EC2.23',
    description:
      'Turns off automatic acceptance of shared VPC attachments on the transit gateway.',
    resourceType: 'AwsEc2TransitGateway',
    parameters: {
      TransitGatewayId: param(
        'Id of the transit gateway',
        { from: 'resourceDetail', path: 'AwsEc2TransitGateway.Id' },
        PATTERNS.transitGatewayId,
      ),
    },
    steps: [
      apiCall(
        'DisableAutoAcceptSharedAttachments',
        'ec2',
        'ModifyTransitGateway',
        {
          TransitGatewayId: '{{ TransitGatewayId }}',
          Options: { AutoAcceptSharedAttachments: 'disable' },
        },
      ),
      waitForProperty(
        'WaitForTransitGatewayAvailable',
        'ec2',
        'DescribeTransitGateways',
        { TransitGatewayIds: ['{{ TransitGatewayId }}'] },
        '$.TransitGateways[0].State',
        ['available'],
      ),
      assertProperty(
        'VerifyAutoAcceptDisabled',
        'ec2',
        'DescribeTransitGateways',
        { TransitGatewayIds: ['{{ TransitGatewayId }}'] },
        '$.TransitGateways[0].Options.AutoAcceptSharedAttachments',
        ['disable'],
      ),
    ],
    permissions: [
      permission(
        ['ec2:ModifyTransitGateway'],
        [ARN.ec2('transit-gateway', 'TransitGatewayId')],
        'Change the options of this one transit gateway.',
      ),
      permission(
        ['ec2:DescribeTransitGateways'],
        ['*'],
        'Read the options back; Describe actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'New attachment requests from accounts the gateway is shared with wait for manual acceptance; existing attachments are unaffected.',
    ],
  },
  {
    controlId: 'EC2.180',
    description:
      'Turns on source/destination checking of the network interface.',
    resourceType: 'AwsEc2NetworkInterface',
    parameters: {
      NetworkInterfaceId: param(
        'Id of the network interface',
        {
          from: 'resourceDetail',
          path: 'AwsEc2NetworkInterface.NetworkInterfaceId',
        },
        PATTERNS.networkInterfaceId,
      ),
    },
    steps: [
      apiCall(
        'EnableSourceDestCheck',
        'ec2',
        'ModifyNetworkInterfaceAttribute',
        {
          NetworkInterfaceId: '{{ NetworkInterfaceId }}',
          SourceDestCheck: { Value: true },
        },
      ),
      assertProperty(
        'VerifySourceDestCheck',
        'ec2',
        'DescribeNetworkInterfaces',
        { NetworkInterfaceIds: ['{{ NetworkInterfaceId }}'] },
        '$.NetworkInterfaces[0].SourceDestCheck',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['ec2:ModifyNetworkInterfaceAttribute'],
        [ARN.ec2('network-interface', 'NetworkInterfaceId')],
        'Change the attribute of this one network interface.',
      ),
      permission(
        ['ec2:DescribeNetworkInterfaces'],
        ['*'],
        'Read the attribute back; Describe actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'An interface that routes traffic it neither sends nor receives (NAT instance, firewall or VPN appliance, router) stops forwarding; do not run this on such interfaces.',
      'Interfaces managed by AWS services cannot be modified and the automation fails without change.',
    ],
  },
];
