import { param, permission, script } from './helpers';
import type { CuratedAutomation } from './types';

// CloudFront changes are a read-modify-write of the whole distribution
// config: GetDistributionConfig returns it with an ETag that UpdateDistribution
// must echo (IfMatch), so a concurrent change makes the update fail rather
// than be overwritten. Each script only touches its one setting and skips the
// update when nothing needs changing.

const UPDATE_DISTRIBUTION = `
def handler(events, context):
    cloudfront = boto3.client('cloudfront')
    distribution_id = events['DistributionId']
    current = cloudfront.get_distribution_config(Id=distribution_id)
    config = current['DistributionConfig']
    if not change(config):
        return {'Changed': False}
    cloudfront.update_distribution(
        Id=distribution_id, IfMatch=current['ETag'], DistributionConfig=config)
    return {'Changed': True}
`;

const VERIFY_DISTRIBUTION = `
def handler(events, context):
    cloudfront = boto3.client('cloudfront')
    config = cloudfront.get_distribution_config(Id=events['DistributionId'])['DistributionConfig']
    problem = check(config)
    if problem:
        raise Exception(events['DistributionId'] + ': ' + problem)
    return {'Verified': True}
`;

function distributionSetting(options: {
  controlId: string;
  description: string;
  setting: string;
  /** Python `change(config)`: edits the config in place, True when it changed it. */
  change: string;
  /** Python `check(config)`: a problem description, or None when compliant. */
  check: string;
  caveats: string[];
}): CuratedAutomation {
  const payload = { DistributionId: '{{ DistributionId }}' };
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsCloudFrontDistribution',
    parameters: {
      DistributionId: param(
        'Id of the CloudFront distribution',
        { from: 'resourceName' },
        '^[A-Z0-9]{8,20}$',
      ),
    },
    steps: [
      script(
        `Set${options.setting}`,
        `import boto3\n\n\n${options.change.trim()}\n\n${UPDATE_DISTRIBUTION}`,
        payload,
      ),
      script(
        `Verify${options.setting}`,
        `import boto3\n\n\n${options.check.trim()}\n\n${VERIFY_DISTRIBUTION}`,
        payload,
      ),
    ],
    permissions: [
      permission(
        ['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'],
        [
          'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${DistributionId}',
        ],
        'Read the configuration of this one distribution, write it back with the one setting changed, and read it again to verify.',
      ),
    ],
    caveats: [
      ...options.caveats,
      'The change takes a few minutes to deploy to all edge locations. Distributions with Lambda@Edge associations may also need lambda:GetFunction on those functions for the update to be accepted; the role does not grant it.',
      'A distribution managed by CloudFormation or Terraform drifts from its template; make the same change there.',
    ],
  };
}

/** Minimum viewer TLS policies at least as strict as the recommended one. */
const RECOMMENDED_VIEWER_POLICIES = [
  'TLSv1.2_2021',
  'TLSv1.2_2025',
  'TLSv1.3_2025',
];

export const CLOUDFRONT_AUTOMATIONS: CuratedAutomation[] = [
  distributionSetting({
    controlId: 'CloudFront.8',
    description:
      'Serves HTTPS requests of the CloudFront distribution with SNI instead of dedicated IP addresses.',
    setting: 'SniOnly',
    change: `
def change(config):
    certificate = config.get('ViewerCertificate', {})
    if certificate.get('SSLSupportMethod') != 'vip':
        return False
    certificate['SSLSupportMethod'] = 'sni-only'
    return True
`,
    check: `
def check(config):
    if config.get('ViewerCertificate', {}).get('SSLSupportMethod') == 'vip':
        return 'HTTPS is still served from dedicated IP addresses'
    return None
`,
    caveats: [
      'Viewers that do not send SNI (very old browsers and operating systems, some bots) can no longer connect over HTTPS; the monthly charge for dedicated IP custom SSL stops.',
    ],
  }),
  distributionSetting({
    controlId: 'CloudFront.10',
    description:
      'Removes SSLv3 from the protocols the CloudFront distribution uses to connect to its custom origins (TLSv1.2 is added if no TLS version would remain).',
    setting: 'OriginSslProtocols',
    change: `
def change(config):
    changed = False
    for origin in config.get('Origins', {}).get('Items', []):
        custom = origin.get('CustomOriginConfig')
        if not custom:
            continue
        protocols = custom.get('OriginSslProtocols', {'Quantity': 0, 'Items': []})
        items = protocols.get('Items', [])
        if 'SSLv3' not in items:
            continue
        items = [protocol for protocol in items if protocol != 'SSLv3'] or ['TLSv1.2']
        custom['OriginSslProtocols'] = {'Quantity': len(items), 'Items': items}
        changed = True
    return changed
`,
    check: `
def check(config):
    for origin in config.get('Origins', {}).get('Items', []):
        custom = origin.get('CustomOriginConfig') or {}
        if 'SSLv3' in custom.get('OriginSslProtocols', {}).get('Items', []):
            return 'origin ' + origin['Id'] + ' still allows SSLv3'
    return None
`,
    caveats: [
      'An origin that only accepts SSLv3 can no longer be reached over HTTPS (such origins are themselves insecure and rare).',
    ],
  }),
  distributionSetting({
    controlId: 'CloudFront.15',
    description:
      'Sets the minimum viewer TLS policy of the CloudFront distribution to TLSv1.2_2021 (a stricter policy already in place is kept).',
    setting: 'MinimumProtocolVersion',
    change: `
RECOMMENDED = ${JSON.stringify(RECOMMENDED_VIEWER_POLICIES)}


def change(config):
    certificate = config.get('ViewerCertificate', {})
    custom = certificate.get('ACMCertificateArn') or certificate.get('IAMCertificateId')
    if not custom:
        raise Exception('The distribution uses the default CloudFront certificate, whose TLS policy cannot be changed')
    if certificate.get('MinimumProtocolVersion') in RECOMMENDED:
        return False
    certificate['MinimumProtocolVersion'] = 'TLSv1.2_2021'
    return True
`,
    check: `
RECOMMENDED = ${JSON.stringify(RECOMMENDED_VIEWER_POLICIES)}


def check(config):
    version = config.get('ViewerCertificate', {}).get('MinimumProtocolVersion')
    if version not in RECOMMENDED:
        return 'the minimum viewer TLS policy is ' + str(version)
    return None
`,
    caveats: [
      'Viewers that only speak TLS 1.0 or 1.1, or only weak TLS 1.2 ciphers, can no longer connect over HTTPS.',
      'Distributions using the default *.cloudfront.net certificate make the automation fail without change (their policy is fixed).',
    ],
  }),
];
