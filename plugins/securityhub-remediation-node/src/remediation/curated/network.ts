import {
  apiCall,
  ARN,
  assertProperty,
  param,
  PATTERNS,
  permission,
  script,
  TRUE,
} from './helpers';
import type { CuratedAutomation } from './types';

function firewallProtection(options: {
  controlId: string;
  description: string;
  api: 'UpdateFirewallDeleteProtection' | 'UpdateSubnetChangeProtection';
  member: 'DeleteProtection' | 'SubnetChangeProtection';
  caveat: string;
}): CuratedAutomation {
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsNetworkFirewallFirewall',
    parameters: {
      FirewallArn: param(
        'ARN of the Network Firewall firewall',
        { from: 'resourceId' },
        PATTERNS.networkFirewallArn,
      ),
    },
    steps: [
      apiCall(`Enable${options.member}`, 'network-firewall', options.api, {
        FirewallArn: '{{ FirewallArn }}',
        [options.member]: true,
      }),
      assertProperty(
        `Verify${options.member}`,
        'network-firewall',
        'DescribeFirewall',
        { FirewallArn: '{{ FirewallArn }}' },
        `$.Firewall.${options.member}`,
        TRUE,
      ),
    ],
    permissions: [
      permission(
        [
          `network-firewall:${options.api}`,
          'network-firewall:DescribeFirewall',
        ],
        [ARN.param('FirewallArn')],
        'Change and read back the protection of this one firewall.',
      ),
    ],
    caveats: [options.caveat],
  };
}

// Read-modify-write of the policy with its update token: a concurrent change
// makes the update fail instead of being overwritten. Description and
// encryption settings are passed back as read so the update keeps them.
const STATELESS_DEFAULT_ACTION_SCRIPT = `
import boto3


def handler(events, context):
    client = boto3.client('network-firewall')
    arn = events['FirewallPolicyArn']
    key = events['Setting']
    described = client.describe_firewall_policy(FirewallPolicyArn=arn)
    policy = described['FirewallPolicy']
    actions = policy.get(key, [])
    if 'aws:pass' not in actions:
        return {'Changed': False, 'Actions': actions}
    policy[key] = ['aws:forward_to_sfe' if action == 'aws:pass' else action for action in actions]
    arguments = {'UpdateToken': described['UpdateToken'], 'FirewallPolicyArn': arn, 'FirewallPolicy': policy}
    response = described['FirewallPolicyResponse']
    if response.get('Description'):
        arguments['Description'] = response['Description']
    if response.get('EncryptionConfiguration'):
        arguments['EncryptionConfiguration'] = response['EncryptionConfiguration']
    client.update_firewall_policy(**arguments)
    return {'Changed': True, 'Actions': policy[key]}
`;

const VERIFY_STATELESS_DEFAULT_ACTION_SCRIPT = `
import boto3


def handler(events, context):
    client = boto3.client('network-firewall')
    policy = client.describe_firewall_policy(FirewallPolicyArn=events['FirewallPolicyArn'])['FirewallPolicy']
    actions = policy.get(events['Setting'], [])
    if 'aws:drop' not in actions and 'aws:forward_to_sfe' not in actions:
        raise Exception(events['Setting'] + ' is ' + str(actions))
    return {'Actions': actions}
`;

function statelessDefaultAction(options: {
  controlId: string;
  setting: 'StatelessDefaultActions' | 'StatelessFragmentDefaultActions';
  packets: string;
}): CuratedAutomation {
  const payload = {
    FirewallPolicyArn: '{{ FirewallPolicyArn }}',
    Setting: options.setting,
  };
  return {
    controlId: options.controlId,
    description: `Changes the default stateless action of the Network Firewall policy for ${options.packets} from pass to forward to the stateful rule engine (custom actions are kept).`,
    resourceType: 'AwsNetworkFirewallFirewallPolicy',
    parameters: {
      FirewallPolicyArn: param(
        'ARN of the Network Firewall firewall policy',
        { from: 'resourceId' },
        '^arn:aws[a-z-]*:network-firewall:[a-z0-9-]+:[0-9]{12}:firewall-policy/[A-Za-z0-9-]{1,128}$',
      ),
    },
    steps: [
      script(
        'ForwardToStatefulEngine',
        STATELESS_DEFAULT_ACTION_SCRIPT,
        payload,
      ),
      script(
        'VerifyStatelessDefaultAction',
        VERIFY_STATELESS_DEFAULT_ACTION_SCRIPT,
        payload,
      ),
    ],
    permissions: [
      permission(
        [
          'network-firewall:DescribeFirewallPolicy',
          'network-firewall:UpdateFirewallPolicy',
        ],
        [ARN.param('FirewallPolicyArn')],
        'Read this one firewall policy, write it back with the default action changed, and read it again to verify.',
      ),
    ],
    caveats: [
      `${options.packets[0].toUpperCase()}${options.packets.slice(
        1,
      )} that matched no stateless rule are now inspected by the stateful rule groups instead of passing uninspected: with strict rule order and a drop default stateful action, traffic that used to pass may be dropped.`,
      'Applies to every firewall that uses the policy.',
      'A policy encrypted with a customer managed KMS key also needs the key to allow this role; the role does not grant KMS actions.',
    ],
  };
}

export const NETWORK_AUTOMATIONS: CuratedAutomation[] = [
  statelessDefaultAction({
    controlId: 'NetworkFirewall.4',
    setting: 'StatelessDefaultActions',
    packets: 'full packets',
  }),
  statelessDefaultAction({
    controlId: 'NetworkFirewall.5',
    setting: 'StatelessFragmentDefaultActions',
    packets: 'fragmented packets',
  }),
  firewallProtection({
    controlId: 'NetworkFirewall.9',
    description:
      'Turns on deletion protection of the Network Firewall firewall.',
    api: 'UpdateFirewallDeleteProtection',
    member: 'DeleteProtection',
    caveat:
      'Deleting the firewall (including from CloudFormation or Terraform) fails until deletion protection is turned off again.',
  }),
  firewallProtection({
    controlId: 'NetworkFirewall.10',
    description:
      'Turns on subnet change protection of the Network Firewall firewall.',
    api: 'UpdateSubnetChangeProtection',
    member: 'SubnetChangeProtection',
    caveat:
      'Adding or removing firewall subnets (including from infrastructure as code) fails until subnet change protection is turned off again.',
  }),
];
