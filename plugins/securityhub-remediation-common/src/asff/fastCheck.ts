import {
  COMPLIANCE_STATUSES,
  RECORD_STATES,
  SEVERITY_LABELS,
  WORKFLOW_STATUSES,
} from '../findings/constants';
import { parseAsffTimestamp } from './timestamps';

// A plain-code mirror of `asffFindingSchema` for the common case: a finding
// that is valid. It answers true only when the schema would accept the value
// unchanged; on false the schema runs and explains what is wrong. An import
// spends most of its parsing time validating, and this check is ~10× faster.
// `fastCheck.test.ts` holds it equal to the schema on valid findings and on
// a mutation of every rule.

type Json = Record<string, unknown>;

const SEVERITIES = new Set<unknown>(SEVERITY_LABELS);
const COMPLIANCE = new Set<unknown>(COMPLIANCE_STATUSES);
const WORKFLOW = new Set<unknown>(WORKFLOW_STATUSES);
const RECORD = new Set<unknown>(RECORD_STATES);
const ACCOUNT_ID = /^\d{12}$/;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const filled = (v: unknown) => typeof v === 'string' && v.length > 0;
const optional = (v: unknown, check: (v: unknown) => boolean) =>
  v === undefined || check(v);
const isString = (v: unknown) => typeof v === 'string';
const timestamp = (v: unknown) =>
  typeof v === 'string' && !Number.isNaN(parseAsffTimestamp(v));

function stringRecord(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const key in v) {
    if (Object.hasOwn(v, key) && typeof v[key] !== 'string') return false;
  }
  return true;
}

function severity(v: unknown): boolean {
  if (!isObject(v)) return false;
  const { Label, Normalized, Original } = v;
  if (!optional(Label, l => SEVERITIES.has(l))) return false;
  if (
    !optional(
      Normalized,
      n => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100,
    )
  ) {
    return false;
  }
  return (
    optional(Original, isString) &&
    (Label !== undefined || Normalized !== undefined)
  );
}

function resource(v: unknown): boolean {
  return (
    isObject(v) &&
    filled(v.Type) &&
    filled(v.Id) &&
    optional(v.Partition, isString) &&
    optional(v.Region, isString) &&
    optional(v.Tags, stringRecord)
  );
}

function compliance(v: unknown): boolean {
  return (
    isObject(v) &&
    optional(v.Status, s => COMPLIANCE.has(s)) &&
    optional(v.SecurityControlId, isString) &&
    optional(
      v.AssociatedStandards,
      a =>
        Array.isArray(a) &&
        a.every(s => isObject(s) && isString(s.StandardsId)),
    )
  );
}

function remediation(v: unknown): boolean {
  return (
    isObject(v) &&
    optional(
      v.Recommendation,
      r =>
        isObject(r) && optional(r.Text, isString) && optional(r.Url, isString),
    )
  );
}

/** True when `asffFindingSchema` accepts `value` as it is. */
export function isCertainlyValidAsffFinding(value: unknown): boolean {
  if (!isObject(value)) return false;
  const f = value;
  return (
    filled(f.SchemaVersion) &&
    filled(f.Id) &&
    (f.Id as string).length <= 512 &&
    filled(f.ProductArn) &&
    filled(f.GeneratorId) &&
    typeof f.AwsAccountId === 'string' &&
    ACCOUNT_ID.test(f.AwsAccountId) &&
    optional(f.Region, isString) &&
    optional(f.Types, t => Array.isArray(t) && t.every(isString)) &&
    timestamp(f.CreatedAt) &&
    timestamp(f.UpdatedAt) &&
    optional(f.FirstObservedAt, timestamp) &&
    optional(f.LastObservedAt, timestamp) &&
    severity(f.Severity) &&
    filled(f.Title) &&
    isString(f.Description) &&
    Array.isArray(f.Resources) &&
    f.Resources.length > 0 &&
    f.Resources.every(resource) &&
    optional(f.Compliance, compliance) &&
    optional(
      f.Workflow,
      w => isObject(w) && optional(w.Status, s => WORKFLOW.has(s)),
    ) &&
    optional(f.WorkflowState, isString) &&
    optional(f.RecordState, s => RECORD.has(s)) &&
    optional(f.Remediation, remediation) &&
    optional(f.ProductFields, stringRecord) &&
    optional(f.ProductName, isString) &&
    optional(f.CompanyName, isString)
  );
}
