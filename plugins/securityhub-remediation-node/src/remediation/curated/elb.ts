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

// IAM: elbv2 and elb calls are `elasticloadbalancing:<Api>`.

const VERIFY_ELBV2_ATTRIBUTE_SCRIPT = `
import boto3


def handler(events, context):
    client = boto3.client('elbv2')
    described = client.describe_load_balancer_attributes(LoadBalancerArn=events['LoadBalancerArn'])
    values = dict((item['Key'], item['Value']) for item in described['Attributes'])
    if values.get(events['Key']) not in events['Accepted']:
        raise Exception(events['Key'] + ' is ' + str(values.get(events['Key'])))
    return {'Value': values[events['Key']]}
`;

const VERIFY_CLB_DESYNC_SCRIPT = `
import boto3


def handler(events, context):
    client = boto3.client('elb')
    described = client.describe_load_balancer_attributes(LoadBalancerName=events['LoadBalancerName'])
    additional = described['LoadBalancerAttributes'].get('AdditionalAttributes', [])
    values = dict((item['Key'], item['Value']) for item in additional)
    mode = values.get('elb.http.desyncmitigationmode')
    if mode not in ('defensive', 'strictest'):
        raise Exception('Desync mitigation mode is ' + str(mode))
    return {'Mode': mode}
`;

function elbv2Attribute(options: {
  controlId: string;
  description: string;
  key: string;
  value: string;
  accepted: string[];
  caveats: string[];
}): CuratedAutomation {
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsElbv2LoadBalancer',
    parameters: {
      LoadBalancerArn: param(
        'ARN of the load balancer',
        { from: 'resourceId' },
        PATTERNS.elbv2Arn,
      ),
    },
    steps: [
      apiCall(
        'ModifyLoadBalancerAttribute',
        'elbv2',
        'ModifyLoadBalancerAttributes',
        {
          LoadBalancerArn: '{{ LoadBalancerArn }}',
          Attributes: [{ Key: options.key, Value: options.value }],
        },
      ),
      script('VerifyLoadBalancerAttribute', VERIFY_ELBV2_ATTRIBUTE_SCRIPT, {
        LoadBalancerArn: '{{ LoadBalancerArn }}',
        Key: options.key,
        Accepted: options.accepted,
      }),
    ],
    permissions: [
      permission(
        ['elasticloadbalancing:ModifyLoadBalancerAttributes'],
        [ARN.param('LoadBalancerArn')],
        'Change the attribute of this one load balancer.',
      ),
      permission(
        ['elasticloadbalancing:DescribeLoadBalancerAttributes'],
        ['*'],
        'Read the attribute back; Describe actions support no resource-level permissions.',
      ),
    ],
    caveats: options.caveats,
  };
}

const CLB = {
  LoadBalancerName: param(
    'Name of the Classic Load Balancer',
    { from: 'resourceName' },
    PATTERNS.elbName,
  ),
};

// Recommended TLS 1.3 policies (ELB.17); a listener already on one is left as is.
const RECOMMENDED_SSL_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
];

const SET_SSL_POLICY_SCRIPT = `
import boto3


def handler(events, context):
    elbv2 = boto3.client('elbv2')
    arn = events['ListenerArn']
    listener = elbv2.describe_listeners(ListenerArns=[arn])['Listeners'][0]
    if listener.get('Protocol') not in ('HTTPS', 'TLS'):
        raise Exception(arn + ' is a ' + str(listener.get('Protocol')) + ' listener, which has no security policy')
    if listener.get('SslPolicy') in events['Accepted']:
        return {'Changed': False, 'SslPolicy': listener['SslPolicy']}
    elbv2.modify_listener(ListenerArn=arn, SslPolicy=events['SslPolicy'])
    return {'Changed': True, 'SslPolicy': events['SslPolicy']}
`;

function clbPermissions(what: string) {
  return [
    permission(
      ['elasticloadbalancing:ModifyLoadBalancerAttributes'],
      [
        ARN.regional(
          'elasticloadbalancing',
          'loadbalancer/${LoadBalancerName}',
        ),
      ],
      `Change ${what} of this one load balancer.`,
    ),
    permission(
      ['elasticloadbalancing:DescribeLoadBalancerAttributes'],
      ['*'],
      'Read the attributes back; Describe actions support no resource-level permissions.',
    ),
  ];
}

function clbAttribute(options: {
  controlId: string;
  description: string;
  attribute: 'ConnectionDraining' | 'CrossZoneLoadBalancing';
  value: Record<string, unknown>;
  caveats: string[];
}): CuratedAutomation {
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsElbLoadBalancer',
    parameters: CLB,
    steps: [
      apiCall(
        `Enable${options.attribute}`,
        'elb',
        'ModifyLoadBalancerAttributes',
        {
          LoadBalancerName: '{{ LoadBalancerName }}',
          LoadBalancerAttributes: { [options.attribute]: options.value },
        },
      ),
      assertProperty(
        `Verify${options.attribute}`,
        'elb',
        'DescribeLoadBalancerAttributes',
        { LoadBalancerName: '{{ LoadBalancerName }}' },
        `$.LoadBalancerAttributes.${options.attribute}.Enabled`,
        TRUE,
      ),
    ],
    permissions: clbPermissions(options.attribute),
    caveats: options.caveats,
  };
}

export const ELB_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'ELB.17',
    description:
      'Sets the security policy of the HTTPS/TLS listener to ELBSecurityPolicy-TLS13-1-2-2021-06 (another recommended TLS 1.3 policy already in place is kept).',
    resourceType: 'AwsElbv2Listener',
    parameters: {
      ListenerArn: param(
        'ARN of the Application or Network Load Balancer listener',
        { from: 'resourceId' },
        '^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/(app|net)/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}$',
      ),
    },
    steps: [
      script('SetSslPolicy', SET_SSL_POLICY_SCRIPT, {
        ListenerArn: '{{ ListenerArn }}',
        SslPolicy: RECOMMENDED_SSL_POLICIES[0],
        Accepted: RECOMMENDED_SSL_POLICIES,
      }),
      assertProperty(
        'VerifySslPolicy',
        'elbv2',
        'DescribeListeners',
        { ListenerArns: ['{{ ListenerArn }}'] },
        '$.Listeners[0].SslPolicy',
        RECOMMENDED_SSL_POLICIES,
      ),
    ],
    permissions: [
      permission(
        ['elasticloadbalancing:ModifyListener'],
        [ARN.param('ListenerArn')],
        'Change the security policy of this one listener.',
      ),
      permission(
        ['elasticloadbalancing:DescribeListeners'],
        ['*'],
        'Read the listener before and after the change; Describe actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'Clients that only support TLS 1.0/1.1 or legacy cipher suites can no longer connect; certificates, rules and the ALPN policy of the listener are unchanged.',
    ],
  },
  elbv2Attribute({
    controlId: 'ELB.4',
    description:
      'Configures the Application Load Balancer to drop HTTP headers with invalid names.',
    key: 'routing.http.drop_invalid_header_fields.enabled',
    value: 'true',
    accepted: ['true'],
    caveats: [
      'Requests keep flowing, but headers whose names are not valid (characters outside A-Z, a-z, 0-9, hyphen) are removed before reaching the targets.',
    ],
  }),
  elbv2Attribute({
    controlId: 'ELB.6',
    description: 'Turns on deletion protection of the load balancer.',
    key: 'deletion_protection.enabled',
    value: 'true',
    accepted: ['true'],
    caveats: [
      'Deleting the load balancer (including from CloudFormation or Terraform) fails until deletion protection is turned off again.',
    ],
  }),
  clbAttribute({
    controlId: 'ELB.7',
    description:
      'Turns on connection draining (300 seconds) for the Classic Load Balancer.',
    attribute: 'ConnectionDraining',
    value: { Enabled: true, Timeout: 300 },
    caveats: [
      'Deregistering or unhealthy instances keep serving in-flight requests for up to 300 seconds, so deployments that deregister instances take that much longer.',
    ],
  }),
  clbAttribute({
    controlId: 'ELB.9',
    description:
      'Turns on cross-zone load balancing for the Classic Load Balancer.',
    attribute: 'CrossZoneLoadBalancing',
    value: { Enabled: true },
    caveats: [
      'Traffic is spread evenly over all registered instances in all Availability Zones instead of evenly per zone.',
    ],
  }),
  elbv2Attribute({
    controlId: 'ELB.12',
    description:
      'Sets the desync mitigation mode of the Application Load Balancer to defensive.',
    key: 'routing.http.desync_mitigation_mode',
    value: 'defensive',
    accepted: ['defensive', 'strictest'],
    caveats: [
      'Requests classified as severe HTTP desync risks are refused instead of forwarded (defensive mode); compliant clients are unaffected.',
    ],
  }),
  {
    controlId: 'ELB.14',
    description:
      'Sets the desync mitigation mode of the Classic Load Balancer to defensive.',
    resourceType: 'AwsElbLoadBalancer',
    parameters: CLB,
    steps: [
      apiCall(
        'SetDesyncMitigationMode',
        'elb',
        'ModifyLoadBalancerAttributes',
        {
          LoadBalancerName: '{{ LoadBalancerName }}',
          LoadBalancerAttributes: {
            AdditionalAttributes: [
              { Key: 'elb.http.desyncmitigationmode', Value: 'defensive' },
            ],
          },
        },
      ),
      script('VerifyDesyncMitigationMode', VERIFY_CLB_DESYNC_SCRIPT, {
        LoadBalancerName: '{{ LoadBalancerName }}',
      }),
    ],
    permissions: clbPermissions('the desync mitigation mode'),
    caveats: [
      'Requests classified as severe HTTP desync risks are refused instead of forwarded (defensive mode); compliant clients are unaffected.',
    ],
  },
];
