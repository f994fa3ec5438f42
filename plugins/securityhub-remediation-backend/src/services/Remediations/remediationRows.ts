import type {
  AutomationKind,
  RemediationEvent,
  RemediationStatus,
} from '@internal/plugin-securityhub-remediation-common';
import { isTerminalRemediationStatus } from '@internal/plugin-securityhub-remediation-common';
import type {
  NewRemediationRecord,
  RemediationPatch,
  RemediationRecord,
} from './RemediationStore';

export const REMEDIATIONS_TABLE = 'remediations';
export const REMEDIATION_EVENTS_TABLE = 'remediation_events';

/** A row of `remediations` as both databases answer it. */
export interface RemediationRow {
  id: string;
  finding_id: string;
  control_id: string;
  control_title: string;
  aws_account_id: string;
  region: string;
  resource_id: string | null;
  automation_kind: string;
  template_name: string;
  template_hash: string;
  template_yaml: string;
  parameters_json: string;
  change_preview: string | null;
  validation: string | null;
  status: string;
  submitted_by: string;
  idempotency_key: string | null;
  open_finding_id: string | null;
  commit_id: string | null;
  repository: string | null;
  pipeline_execution_id: string | null;
  pipeline: string | null;
  approval_token: string | null;
  approval: string | null;
  deploy: string | null;
  automation: string | null;
  verification: string | null;
  error: string | null;
  stages: string;
  attempts: number;
  retries: number;
  next_check_at: string | Date | null;
  lease_owner: string | null;
  lease_until: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
  version: number;
}

export interface RemediationEventRow {
  id?: number;
  remediation_id: string;
  at: string | Date;
  stage: string;
  status: string;
  message: string;
  actor: string;
  mode: string | null;
}

/** PostgreSQL answers Date, SQLite the ISO string that was written. */
export function toIso(value: string | Date): string {
  return new Date(value).toISOString();
}

const json = (value: unknown) =>
  value === undefined || value === null ? null : JSON.stringify(value);
const parsed = <T>(text: string | null): T | undefined =>
  text === null || text === undefined ? undefined : (JSON.parse(text) as T);

/** Record field → column, for the fields stored as JSON text. */
const JSON_COLUMNS = {
  changePreview: 'change_preview',
  validation: 'validation',
  repository: 'repository',
  pipeline: 'pipeline',
  approval: 'approval',
  deploy: 'deploy',
  automation: 'automation',
  verification: 'verification',
  error: 'error',
  stages: 'stages',
} as const;

/** Record field → column, for plain values. */
const PLAIN_COLUMNS = {
  controlId: 'control_id',
  controlTitle: 'control_title',
  region: 'region',
  resourceId: 'resource_id',
  automationKind: 'automation_kind',
  templateName: 'template_name',
  templateHash: 'template_hash',
  templateYaml: 'template_yaml',
  parametersJson: 'parameters_json',
  status: 'status',
  approvalToken: 'approval_token',
  attempts: 'attempts',
  retries: 'retries',
  nextCheckAt: 'next_check_at',
  updatedAt: 'updated_at',
} as const;

/**
 * The columns an update writes. The open-finding key and the ids the
 * pipeline and repository gave follow from the record's fields.
 */
export function toPatchColumns(
  patch: RemediationPatch,
  findingId: string,
): Partial<RemediationRow> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(PLAIN_COLUMNS)) {
    if (field in patch) {
      row[column] = (patch as Record<string, unknown>)[field] ?? null;
    }
  }
  for (const [field, column] of Object.entries(JSON_COLUMNS)) {
    if (field in patch) {
      row[column] = json((patch as Record<string, unknown>)[field]);
    }
  }
  if (patch.status) {
    row.open_finding_id = isTerminalRemediationStatus(patch.status)
      ? null
      : findingId;
  }
  if ('repository' in patch) row.commit_id = patch.repository?.commitId ?? null;
  if ('pipeline' in patch) {
    row.pipeline_execution_id = patch.pipeline?.executionId ?? null;
  }
  return row as Partial<RemediationRow>;
}

export function toInsertRow(record: NewRemediationRecord): RemediationRow {
  const { findingId } = record;
  return {
    lease_owner: null,
    lease_until: null,
    commit_id: null,
    pipeline_execution_id: null,
    ...toPatchColumns(record, findingId),
    id: record.id,
    finding_id: findingId,
    aws_account_id: record.awsAccountId,
    submitted_by: record.submittedBy,
    idempotency_key: record.idempotencyKey ?? null,
    created_at: record.createdAt,
    version: 1,
  } as RemediationRow;
}

export function fromRow(row: RemediationRow): RemediationRecord {
  const record: RemediationRecord = {
    id: row.id,
    findingId: row.finding_id,
    controlId: row.control_id,
    controlTitle: row.control_title,
    awsAccountId: row.aws_account_id,
    region: row.region,
    automationKind: row.automation_kind as AutomationKind,
    templateName: row.template_name,
    templateHash: row.template_hash,
    templateYaml: row.template_yaml,
    parametersJson: row.parameters_json,
    status: row.status as RemediationStatus,
    submittedBy: row.submitted_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    stages: parsed(row.stages) ?? [],
    attempts: Number(row.attempts),
    retries: Number(row.retries),
    version: Number(row.version),
  };
  const optional: Partial<RemediationRecord> = {
    resourceId: row.resource_id ?? undefined,
    idempotencyKey: row.idempotency_key ?? undefined,
    approvalToken: row.approval_token ?? undefined,
    nextCheckAt: row.next_check_at ? toIso(row.next_check_at) : undefined,
    changePreview: parsed(row.change_preview),
    validation: parsed(row.validation),
    repository: parsed(row.repository),
    pipeline: parsed(row.pipeline),
    approval: parsed(row.approval),
    deploy: parsed(row.deploy),
    automation: parsed(row.automation),
    verification: parsed(row.verification),
    error: parsed(row.error),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined)
      (record as unknown as Record<string, unknown>)[key] = value;
  }
  return record;
}

export function toEventRow(
  remediationId: string,
  event: RemediationEvent,
): RemediationEventRow {
  return {
    remediation_id: remediationId,
    at: event.at,
    stage: event.stage,
    status: event.status,
    message: event.message,
    actor: event.actor,
    mode: event.mode ?? null,
  };
}

export function fromEventRow(row: RemediationEventRow): RemediationEvent {
  return {
    at: toIso(row.at),
    stage: row.stage as RemediationEvent['stage'],
    status: row.status as RemediationEvent['status'],
    message: row.message,
    actor: row.actor,
    ...(row.mode ? { mode: row.mode as RemediationEvent['mode'] } : {}),
  };
}
