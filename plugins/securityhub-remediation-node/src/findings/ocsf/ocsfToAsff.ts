import {
  checkAsffFindingBounds,
  parseAsffTimestamp,
  prepareFinding,
  validateAsffFinding,
  type AsffFinding,
  type ComplianceStatus,
  type PreparedFinding,
  type RecordState,
  type SeverityLabel,
  type WorkflowStatus,
} from '@internal/plugin-securityhub-remediation-common';
import { z } from 'zod/v4';
import { ocsfFindingSchema, type OcsfFinding } from './ocsfFindingSchema';
import { workflowStatusOfOcsfStatusId } from './ocsfWorkflowStatus';

/**
 * Key of the translated document that holds the OCSF finding as received.
 * The stored document is ASFF-shaped, so everything that reads a finding's
 * document (remediation templates, the chat's tools, status reasons) works
 * unchanged; the original stays next to it for the detail view and export.
 *
 * @public
 */
export const OCSF_ORIGINAL_KEY = 'OcsfFinding';

/**
 * OCSF `severity_id`: 0 Unknown, 1 Informational, 2 Low, 3 Medium, 4 High,
 * 5 Critical, 6 Fatal, 99 Other. ASFF has no Fatal (the worst is CRITICAL);
 * Unknown and Other say nothing about impact, so they rank lowest
 * (INFORMATIONAL) rather than invent an urgency.
 */
const SEVERITY_BY_ID: Record<number, SeverityLabel> = {
  1: 'INFORMATIONAL',
  2: 'LOW',
  3: 'MEDIUM',
  4: 'HIGH',
  5: 'CRITICAL',
  6: 'CRITICAL',
};
const SEVERITY_BY_CAPTION: Record<string, SeverityLabel> = {
  informational: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
  fatal: 'CRITICAL',
};

/** OCSF `compliance.status_id`: 0 Unknown, 1 Pass, 2 Warning, 3 Fail, 99 Other. */
const COMPLIANCE_BY_ID: Record<number, ComplianceStatus> = {
  1: 'PASSED',
  2: 'WARNING',
  3: 'FAILED',
};
const COMPLIANCE_BY_CAPTION: Record<string, ComplianceStatus> = {
  pass: 'PASSED',
  passed: 'PASSED',
  warning: 'WARNING',
  fail: 'FAILED',
  failed: 'FAILED',
};

/**
 * Captions of OCSF finding `status` for findings without a `status_id`;
 * the ids are read by {@link workflowStatusOfOcsfStatusId}. Archived and
 * Deleted also archive the record.
 */
const WORKFLOW_BY_CAPTION: Record<string, WorkflowStatus> = {
  new: 'NEW',
  'in progress': 'NOTIFIED',
  suppressed: 'SUPPRESSED',
  resolved: 'RESOLVED',
  archived: 'RESOLVED',
  deleted: 'RESOLVED',
};
const ARCHIVED_STATUS_IDS = new Set([5, 6]);
/** OCSF finding `activity_id` 3: Close. Security Hub treats such findings as closed. */
const ACTIVITY_CLOSE = 3;

const caption = (value: string | undefined) => value?.trim().toLowerCase();

/** @public */
export function severityOfOcsf(finding: OcsfFinding): SeverityLabel {
  return (
    (finding.severity_id !== undefined
      ? SEVERITY_BY_ID[finding.severity_id]
      : undefined) ??
    SEVERITY_BY_CAPTION[caption(finding.severity) ?? ''] ??
    'INFORMATIONAL'
  );
}

/** Null when the finding has no `compliance` (not a control finding). @public */
export function complianceStatusOfOcsf(
  finding: OcsfFinding,
): ComplianceStatus | null {
  const { compliance } = finding;
  if (!compliance) return null;
  return (
    (compliance.status_id !== undefined
      ? COMPLIANCE_BY_ID[compliance.status_id]
      : undefined) ??
    COMPLIANCE_BY_CAPTION[caption(compliance.status) ?? ''] ??
    'NOT_AVAILABLE'
  );
}

/** @public */
export function workflowStatusOfOcsf(finding: OcsfFinding): WorkflowStatus {
  return (
    (finding.status_id !== undefined
      ? workflowStatusOfOcsfStatusId(finding.status_id)
      : undefined) ??
    WORKFLOW_BY_CAPTION[caption(finding.status) ?? ''] ??
    'NEW'
  );
}

/**
 * ARCHIVED when the finding was closed (activity Close) or its status is
 * Archived or Deleted. A Resolved finding stays ACTIVE, as in ASFF, where a
 * resolved finding is archived only when its producer retires it.
 *
 * @public
 */
export function recordStateOfOcsf(finding: OcsfFinding): RecordState {
  const closed =
    finding.activity_id === ACTIVITY_CLOSE ||
    caption(finding.activity_name) === 'close';
  const archived =
    (finding.status_id !== undefined &&
      ARCHIVED_STATUS_IDS.has(finding.status_id)) ||
    ['archived', 'deleted'].includes(caption(finding.status) ?? '');
  return closed || archived ? 'ARCHIVED' : 'ACTIVE';
}

const CLOUDFORMATION_TYPE = /^AWS::([A-Za-z0-9]+)::([A-Za-z0-9]+)$/;
/** Services whose ASFF prefix is not their CloudFormation name. */
const ASFF_SERVICE_NAMES: Record<string, string> = {
  ElasticLoadBalancingV2: 'Elbv2',
  ElasticLoadBalancing: 'Elb',
  CertificateManager: 'CertificateManager',
};

/** ASFF spells acronyms as words: `EC2` → `Ec2`, `DBInstance` → `DbInstance`. */
function asffWord(name: string): string {
  return name.replace(/[A-Z]{2,}(?=[a-z]?)/g, (run, offset: number) => {
    const next = name[offset + run.length];
    const beforeWord = next !== undefined && /[a-z]/.test(next);
    const acronym = beforeWord ? run.slice(0, -1) : run;
    const rest = beforeWord ? run.slice(-1) : '';
    return `${acronym[0]}${acronym.slice(1).toLowerCase()}${rest}`;
  });
}

/**
 * `AWS::S3::Bucket` (CloudFormation form, which Security Hub's OCSF findings
 * use) becomes `AwsS3Bucket` (ASFF form); any other type keeps its letters,
 * digits and colons, the characters the findings filter accepts.
 *
 * @public
 */
export function asffResourceType(type: string | undefined): string {
  if (!type) return 'Other';
  const cfn = CLOUDFORMATION_TYPE.exec(type);
  if (cfn) {
    const service = ASFF_SERVICE_NAMES[cfn[1]] ?? asffWord(cfn[1]);
    return `Aws${service}${asffWord(cfn[2])}`;
  }
  const kept = type.replace(/[^A-Za-z0-9:]/g, '').slice(0, 128);
  return kept || 'Other';
}

/** ISO 8601 UTC of an OCSF `datetime_t` or `timestamp_t`; undefined when absent or unreadable. */
function isoOf(
  dateTime: string | undefined,
  epochMs: number | undefined,
): string | undefined {
  if (dateTime !== undefined) {
    const ms = parseAsffTimestamp(dateTime);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  if (epochMs !== undefined) {
    const date = new Date(epochMs);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return undefined;
}

type Issue = { path: Array<string | number>; message: string };

/**
 * The OCSF finding as an ASFF finding, with the original under
 * {@link OCSF_ORIGINAL_KEY}. Issues name OCSF fields when something the
 * portal needs is missing (account, a time).
 */
function toAsff(
  finding: OcsfFinding,
  original: unknown,
): { asff?: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const info = finding.finding_info;
  const accountId = finding.cloud?.account?.uid;
  if (!accountId || !/^\d{12}$/.test(accountId)) {
    issues.push({
      path: ['cloud', 'account', 'uid'],
      message: accountId
        ? 'must be a 12-digit AWS account id'
        : 'Required (the AWS account of the finding)',
    });
  }
  const eventTime = isoOf(finding.time_dt, finding.time);
  const createdAt =
    isoOf(info.created_time_dt, info.created_time) ??
    isoOf(info.first_seen_time_dt, info.first_seen_time) ??
    eventTime;
  const updatedAt =
    isoOf(info.modified_time_dt, info.modified_time) ?? eventTime ?? createdAt;
  if (!createdAt || !updatedAt) {
    issues.push({
      path: ['finding_info', 'created_time_dt'],
      message:
        'Required: one of finding_info.created_time(_dt), finding_info.modified_time(_dt) or time(_dt) as a timestamp',
    });
  }
  if (issues.length > 0) return { issues };

  const region =
    finding.cloud?.region ?? finding.resources?.find(r => r.region)?.region;
  const resources = (finding.resources ?? [])
    .filter(r => r.uid || r.name)
    .map(r => {
      const tags = r.tags?.length
        ? Object.fromEntries(r.tags.map(t => [t.name, t.value ?? '']))
        : undefined;
      return {
        Type: asffResourceType(r.type),
        Id: (r.uid ?? r.name)!,
        ...(r.cloud_partition ? { Partition: r.cloud_partition } : {}),
        ...(r.region ? { Region: r.region } : {}),
        ...(tags ? { Tags: tags } : {}),
      };
    });
  if (resources.length === 0) {
    // ASFF needs a resource; a finding about no named resource is about the account.
    resources.push({ Type: 'AwsAccount', Id: `AWS::::Account:${accountId}` });
  }

  const { compliance } = finding;
  const standards =
    typeof compliance?.standards === 'string'
      ? [compliance.standards]
      : compliance?.standards ?? [];
  const product = finding.metadata.product;
  const productArn =
    product?.uid ?? `ocsf:product/${product?.name ?? 'unknown'}`;
  const severity = severityOfOcsf(finding);
  const title = info.title ?? finding.message ?? info.uid;
  const remediationUrl = finding.remediation?.references?.find(ref =>
    /^https?:\/\//i.test(ref),
  );
  const firstSeen = isoOf(info.first_seen_time_dt, info.first_seen_time);
  const lastSeen = isoOf(info.last_seen_time_dt, info.last_seen_time);

  const asff: Record<string, unknown> = {
    SchemaVersion: `OCSF ${finding.metadata.version ?? ''}`.trim(),
    Id: info.uid,
    ProductArn: productArn,
    GeneratorId:
      compliance?.control ??
      info.analytic?.uid ??
      product?.name ??
      `ocsf/${finding.class_uid}`,
    AwsAccountId: accountId,
    ...(region ? { Region: region } : {}),
    ...(info.types?.length ? { Types: info.types } : {}),
    CreatedAt: createdAt,
    UpdatedAt: updatedAt,
    ...(firstSeen ? { FirstObservedAt: firstSeen } : {}),
    ...(lastSeen ? { LastObservedAt: lastSeen } : {}),
    Severity: {
      Label: severity,
      ...(finding.severity ? { Original: finding.severity } : {}),
    },
    Title: title,
    Description: info.desc ?? finding.message ?? '',
    Resources: resources,
    ...(compliance
      ? {
          Compliance: {
            Status: complianceStatusOfOcsf(finding),
            ...(compliance.control
              ? { SecurityControlId: compliance.control }
              : {}),
            ...(standards.length
              ? {
                  AssociatedStandards: standards.map(s => ({ StandardsId: s })),
                }
              : {}),
          },
        }
      : {}),
    Workflow: { Status: workflowStatusOfOcsf(finding) },
    RecordState: recordStateOfOcsf(finding),
    ...(finding.remediation?.desc || remediationUrl
      ? {
          Remediation: {
            Recommendation: {
              ...(finding.remediation?.desc
                ? { Text: finding.remediation.desc }
                : {}),
              ...(remediationUrl ? { Url: remediationUrl } : {}),
            },
          },
        }
      : {}),
    ...(product?.name ? { ProductName: product.name } : {}),
    ...(product?.vendor_name ? { CompanyName: product.vendor_name } : {}),
    [OCSF_ORIGINAL_KEY]: original,
  };
  return { asff, issues };
}

const failure = (issues: Issue[]) => ({
  success: false as const,
  data: undefined,
  error: new z.ZodError(
    issues.map(issue => ({
      code: 'custom' as const,
      path: issue.path,
      message: issue.message,
      input: undefined,
    })),
  ),
});

/**
 * Validates one OCSF finding and translates it to ASFF (see
 * {@link ocsfToAsffFinding}). Same result shape as `validateAsffFinding`:
 * issues name OCSF fields.
 *
 * @public
 */
export function validateOcsfFinding(value: unknown) {
  const outOfBounds = checkAsffFindingBounds(value);
  if (outOfBounds) {
    return failure([{ path: outOfBounds.path, message: outOfBounds.message }]);
  }
  const parsed = ocsfFindingSchema.safeParse(value);
  if (!parsed.success) {
    return { success: false as const, data: undefined, error: parsed.error };
  }
  const { asff, issues } = toAsff(parsed.data, value);
  if (!asff) return failure(issues);
  // The translation is ASFF by construction; checking it still bounds what
  // is stored (size, depth with the original nested one level down).
  return validateAsffFinding(asff);
}

/**
 * Pure translation of one OCSF finding to the ASFF finding the store and
 * every reader of a finding's document expect; throws a `ZodError` naming
 * the OCSF fields when the finding lacks what the portal needs.
 *
 * @public
 */
export function ocsfToAsffFinding(value: unknown): AsffFinding {
  const result = validateOcsfFinding(value);
  if (!result.success) throw result.error;
  return result.data;
}

/** {@link ocsfToAsffFinding}, normalized for the store. @public */
export function prepareOcsfFinding(value: unknown): PreparedFinding {
  return prepareFinding(ocsfToAsffFinding(value));
}
