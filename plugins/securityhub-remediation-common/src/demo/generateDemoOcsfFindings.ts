import type { AsffFinding } from '../asff/schema';
import type { SeverityLabel } from '../findings/constants';
import { DEMO_ACCOUNTS } from './accounts';
import {
  DEMO_REFERENCE_TIME,
  generateDemoFindings,
} from './generateDemoFindings';

/** Size of the bundled OCSF demo data set. @public */
export const DEFAULT_DEMO_OCSF_FINDINGS_COUNT = 120;
/** Seed of the bundled OCSF demo data set (apart from the ASFF one: other findings). @public */
export const DEFAULT_DEMO_OCSF_SEED = 20261204;
/** Accounts of the OCSF demo data set: the new Security Hub enabled in two of them. @public */
export const DEMO_OCSF_ACCOUNT_IDS: readonly string[] = [
  '345678901234',
  '456789012345',
];

/** @public */
export interface DemoOcsfFindingsOptions {
  count?: number;
  seed?: number;
  now?: Date;
}

const SEVERITY_IDS: Record<SeverityLabel, [number, string]> = {
  INFORMATIONAL: [1, 'Informational'],
  LOW: [2, 'Low'],
  MEDIUM: [3, 'Medium'],
  HIGH: [4, 'High'],
  CRITICAL: [5, 'Critical'],
};
const COMPLIANCE_IDS: Record<string, [number, string]> = {
  PASSED: [1, 'Pass'],
  WARNING: [2, 'Warning'],
  FAILED: [3, 'Fail'],
  NOT_AVAILABLE: [0, 'Unknown'],
};
const STATUS_IDS: Record<string, [number, string]> = {
  NEW: [1, 'New'],
  NOTIFIED: [2, 'In Progress'],
  SUPPRESSED: [3, 'Suppressed'],
  RESOLVED: [4, 'Resolved'],
};

/**
 * `AwsS3Bucket` → `AWS::S3::Bucket`, the form of Security Hub's OCSF
 * findings, where the split is unambiguous (one word of service, one of
 * resource); other types stay in their ASFF form, which OCSF allows too.
 */
function cloudFormationType(asffType: string): string {
  const words = asffType.replace(/^Aws/, '').match(/[A-Z][a-z0-9]*/g) ?? [];
  if (!asffType.startsWith('Aws') || words.length !== 2) return asffType;
  const [service, resource] = words;
  // Acronyms such as Ec2, Iam, S3 are upper case in CloudFormation.
  const cfnService = service.length <= 3 ? service.toUpperCase() : service;
  return `AWS::${cfnService}::${resource}`;
}

const epoch = (iso: string) => Date.parse(iso);

/** One demo ASFF control finding as the new Security Hub writes it in OCSF (Compliance Finding). */
function toOcsf(finding: AsffFinding): Record<string, unknown> {
  const [severityId, severity] =
    SEVERITY_IDS[finding.Severity.Label ?? 'INFORMATIONAL'];
  const [complianceId, complianceStatus] =
    COMPLIANCE_IDS[finding.Compliance?.Status ?? 'NOT_AVAILABLE'];
  const [statusId, status] = STATUS_IDS[finding.Workflow?.Status ?? 'NEW'];
  const archived = finding.RecordState === 'ARCHIVED';
  const region = finding.Region!;
  const resource = finding.Resources[0];
  return {
    activity_id: archived ? 3 : 2,
    activity_name: archived ? 'Close' : 'Update',
    category_name: 'Findings',
    category_uid: 2,
    class_name: 'Compliance Finding',
    class_uid: 2003,
    type_uid: archived ? 200303 : 200302,
    cloud: {
      account: { type: 'AWS Account', type_id: 10, uid: finding.AwsAccountId },
      cloud_partition: 'aws',
      provider: 'AWS',
      region,
    },
    compliance: {
      control: finding.Compliance?.SecurityControlId,
      standards: (finding.Compliance?.AssociatedStandards ?? []).map(
        s => s.StandardsId,
      ),
      status: complianceStatus,
      status_id: complianceId,
    },
    finding_info: {
      uid: finding.Id,
      title: finding.Title,
      desc: finding.Description,
      types: finding.Types,
      created_time: epoch(finding.CreatedAt),
      created_time_dt: finding.CreatedAt,
      modified_time: epoch(finding.UpdatedAt),
      modified_time_dt: finding.UpdatedAt,
      first_seen_time_dt: finding.FirstObservedAt,
      last_seen_time_dt: finding.LastObservedAt,
    },
    metadata: {
      product: {
        name: 'Security Hub',
        uid: `arn:aws:securityhub:${region}::productv2/aws/securityhub`,
        vendor_name: 'AWS',
      },
      profiles: ['cloud', 'datetime'],
      uid: finding.Id,
      version: '1.6.0',
    },
    remediation: {
      desc: finding.Remediation?.Recommendation?.Text,
      references: [finding.Remediation?.Recommendation?.Url],
    },
    resources: [
      {
        cloud_partition: resource.Partition ?? 'aws',
        region: resource.Region ?? region,
        type: cloudFormationType(resource.Type),
        uid: resource.Id,
      },
    ],
    severity,
    severity_id: severityId,
    status: archived ? 'Archived' : status,
    status_id: archived ? 5 : statusId,
    time: epoch(finding.UpdatedAt),
    time_dt: finding.UpdatedAt,
  };
}

/**
 * Synthetic OCSF findings (Compliance Finding, class 2003) of the new
 * Security Hub for {@link DEMO_OCSF_ACCOUNT_IDS}: control findings drawn
 * like the ASFF demo set, with their own seed, written in OCSF 1.6 as
 * `GetFindingsV2` returns them.
 *
 * @public
 */
export function generateDemoOcsfFindings(
  options: DemoOcsfFindingsOptions = {},
): Array<Record<string, unknown>> {
  return generateDemoFindings({
    count: options.count ?? DEFAULT_DEMO_OCSF_FINDINGS_COUNT,
    seed: options.seed ?? DEFAULT_DEMO_OCSF_SEED,
    now: options.now ?? new Date(DEMO_REFERENCE_TIME),
    accounts: DEMO_ACCOUNTS.filter(a => DEMO_OCSF_ACCOUNT_IDS.includes(a.id)),
  }).map(toOcsf);
}
