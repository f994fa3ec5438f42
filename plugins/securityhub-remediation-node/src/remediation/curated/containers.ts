import { apiCall, ARN, param, PATTERNS, permission, script } from './helpers';
import type { CuratedAutomation } from './types';

const VERIFY_CONTAINER_INSIGHTS_SCRIPT = `
import boto3


def handler(events, context):
    ecs = boto3.client('ecs')
    cluster = ecs.describe_clusters(clusters=[events['ClusterArn']], include=['SETTINGS'])['clusters'][0]
    values = dict((setting['name'], setting['value']) for setting in cluster.get('settings', []))
    if values.get('containerInsights') not in ('enabled', 'enhanced'):
        raise Exception('containerInsights is ' + str(values.get('containerInsights')))
    return {'ContainerInsights': values['containerInsights']}
`;

const VERIFY_EKS_AUDIT_LOG_SCRIPT = `
import time

import boto3


def audit_enabled(cluster):
    for entry in cluster.get('logging', {}).get('clusterLogging', []):
        if entry.get('enabled') and 'audit' in entry.get('types', []):
            return True
    return False


def handler(events, context):
    eks = boto3.client('eks')
    for _ in range(34):
        cluster = eks.describe_cluster(name=events['ClusterName'])['cluster']
        if audit_enabled(cluster):
            return {'Audit': True}
        time.sleep(15)
    raise Exception('Audit logging of ' + events['ClusterName'] + ' is not enabled')
`;

export const CONTAINER_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'ECS.12',
    description: 'Turns on Container Insights for the ECS cluster.',
    resourceType: 'AwsEcsCluster',
    parameters: {
      ClusterArn: param(
        'ARN of the ECS cluster',
        { from: 'resourceId' },
        PATTERNS.ecsClusterArn,
      ),
    },
    steps: [
      apiCall('EnableContainerInsights', 'ecs', 'UpdateClusterSettings', {
        cluster: '{{ ClusterArn }}',
        settings: [{ name: 'containerInsights', value: 'enabled' }],
      }),
      script('VerifyContainerInsights', VERIFY_CONTAINER_INSIGHTS_SCRIPT, {
        ClusterArn: '{{ ClusterArn }}',
      }),
    ],
    permissions: [
      permission(
        ['ecs:UpdateClusterSettings', 'ecs:DescribeClusters'],
        [ARN.param('ClusterArn')],
        'Change and read back the settings of this one cluster.',
      ),
    ],
    caveats: [
      'Container Insights metrics and performance log events are charged as CloudWatch custom metrics and logs.',
    ],
  },
  {
    controlId: 'EKS.8',
    description:
      'Turns on control plane audit logging to CloudWatch Logs for the EKS cluster.',
    resourceType: 'AwsEksCluster',
    parameters: {
      ClusterName: param(
        'Name of the EKS cluster',
        { from: 'resourceDetail', path: 'AwsEksCluster.Name' },
        PATTERNS.eksClusterName,
      ),
    },
    steps: [
      apiCall('EnableAuditLogging', 'eks', 'UpdateClusterConfig', {
        name: '{{ ClusterName }}',
        logging: { clusterLogging: [{ types: ['audit'], enabled: true }] },
      }),
      script('VerifyAuditLogging', VERIFY_EKS_AUDIT_LOG_SCRIPT, {
        ClusterName: '{{ ClusterName }}',
      }),
    ],
    permissions: [
      permission(
        ['eks:UpdateClusterConfig', 'eks:DescribeCluster'],
        [ARN.regional('eks', 'cluster/${ClusterName}')],
        'Change and read back the logging configuration of this one cluster.',
      ),
    ],
    caveats: [
      'Audit logs go to the /aws/eks/<cluster>/cluster log group, charged by ingestion and storage; other log types are left as they are.',
      'Fails without change while another update of the cluster is in progress; run it again afterwards.',
    ],
  },
];
