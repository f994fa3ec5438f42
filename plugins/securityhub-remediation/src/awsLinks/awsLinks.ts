import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import resourceConsoleUrls from './resourceConsoleUrls.json';

/** The AWS partitions whose consoles the links know. */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Console hosts per partition: regional (`<region>.` in front) and global. */
const CONSOLE_HOSTS: Record<AwsPartition, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/**
 * ASFF resource type → console page template. Placeholders: `{console}`
 * (regional console host), `{globalConsole}`, `{region}`, `{name}` (the
 * last `/` or `:` segment of the id: bucket, instance, role name…), `{id}`
 * and `{encodedId}` (the whole id, URL-encoded).
 */
export const RESOURCE_CONSOLE_URLS: Readonly<Record<string, string>> =
  resourceConsoleUrls;

/**
 * The partition a finding is in: its first resource's `Partition`, else the
 * partition of its product ARN; the commercial partition when neither says.
 */
export function partitionOf(
  finding: Pick<Finding, 'resources' | 'productArn'>,
): AwsPartition {
  const stated =
    finding.resources[0]?.partition ?? finding.productArn.split(':')[1];
  return stated === 'aws-cn' || stated === 'aws-us-gov' ? stated : 'aws';
}

function regionalHost(partition: AwsPartition, region: string): string {
  return `${encodeURIComponent(region)}.${CONSOLE_HOSTS[partition]}`;
}

/** The finding in the Security Hub console of its partition and region. */
export function securityHubFindingUrl(
  finding: Pick<Finding, 'id' | 'region' | 'resources' | 'productArn'>,
): string {
  const { region } = finding;
  const host = regionalHost(partitionOf(finding), region);
  // The console reads the search from the fragment, encoded twice.
  const id = encodeURIComponent(encodeURIComponent(finding.id));
  return `https://${host}/securityhub/home?region=${encodeURIComponent(
    region,
  )}#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A${id}`;
}

/** The last `/` or `:` segment of a resource id (a bucket, instance or role name). */
export function resourceName(resourceId: string): string {
  const segments = resourceId.split(/[/:]/).filter(Boolean);
  return segments[segments.length - 1] ?? resourceId;
}

/**
 * The console page of a resource, for the types in
 * `resourceConsoleUrls.json`; undefined for other types.
 */
export function resourceConsoleUrl(
  resource: { type: string; id: string; region?: string },
  finding: Pick<Finding, 'region' | 'resources' | 'productArn'>,
  partition: AwsPartition = partitionOf(finding),
): string | undefined {
  const template = RESOURCE_CONSOLE_URLS[resource.type];
  if (!template) return undefined;
  const region = resource.region || finding.region;
  const values: Record<string, string> = {
    console: regionalHost(partition, region),
    globalConsole: CONSOLE_HOSTS[partition],
    region: encodeURIComponent(region),
    name: encodeURIComponent(resourceName(resource.id)),
    id: resource.id,
    encodedId: encodeURIComponent(resource.id),
  };
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/**
 * The control's page in the Security Hub user guide (`S3.5` → the S3
 * controls page at `#s3-5`); undefined for an id that is not a control.
 */
export function controlDocumentationUrl(
  controlId: string | null,
): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9]*)\.(\d+)$/.exec(controlId ?? '');
  if (!match) return undefined;
  const service = match[1].toLowerCase();
  return `https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html#${service}-${match[2]}`;
}
