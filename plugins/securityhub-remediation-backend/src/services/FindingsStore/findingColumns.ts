import {
  DETAILS_TABLE,
  FINDINGS_TABLE,
  type FindingDetailRow,
  type FindingRow,
} from './rows';

/** The columns a write sets (the pk is the table's own). */
export const ROW_COLUMNS: Array<keyof FindingRow & string> = [
  'id',
  'source_id',
  'aws_account_id',
  'region',
  'control_id',
  'title',
  'severity',
  'severity_rank',
  'compliance_status',
  'workflow_status',
  'record_state',
  'resource_type',
  'resource_id',
  'created_at',
  'updated_at',
  'first_observed_at',
  'last_observed_at',
  'first_seen_at',
  'last_seen_at',
  'resolved_at',
  'search_text',
  'content_hash',
];

/** Columns an upsert replaces: first_seen_at is kept, resolved_at has its own rule. */
const MERGED_COLUMNS = ROW_COLUMNS.filter(
  c => c !== 'id' && c !== 'first_seen_at' && c !== 'resolved_at',
);

export const DETAIL_COLUMNS: Array<keyof FindingDetailRow & string> = [
  'finding_pk',
  'product_arn',
  'generator_id',
  'description',
  'resources_json',
  'remediation_text',
  'remediation_url',
  'document',
];

const replaceWithNew = (column: string): [string, string] => [
  column,
  `excluded.${column}`,
];

/** The update of a newer version; resolved_at stays the earliest resolution while resolved. */
export const FINDING_UPDATES: Array<[string, string]> = [
  ...MERGED_COLUMNS.map(replaceWithNew),
  [
    'resolved_at',
    `case when excluded.resolved_at is null then null
          else coalesce(${FINDINGS_TABLE}.resolved_at, excluded.resolved_at) end`,
  ],
];

/**
 * Only a version at least as new replaces the stored one, and the same
 * version only when its content differs (or it moved to another source):
 * re-reading an unchanged export writes nothing.
 */
export const NEWER_VERSION = `${FINDINGS_TABLE}.updated_at <= excluded.updated_at
  and (${FINDINGS_TABLE}.updated_at < excluded.updated_at
    or ${FINDINGS_TABLE}.content_hash is null
    or ${FINDINGS_TABLE}.content_hash <> excluded.content_hash
    or ${FINDINGS_TABLE}.source_id <> excluded.source_id)`;

export const DETAIL_UPDATES = DETAIL_COLUMNS.filter(
  c => c !== 'finding_pk',
).map(replaceWithNew);

export { DETAILS_TABLE, FINDINGS_TABLE };
