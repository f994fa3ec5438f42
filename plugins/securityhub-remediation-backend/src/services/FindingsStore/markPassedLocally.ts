import type { Knex } from 'knex';
import type {
  AsffFinding,
  ComplianceStatus,
} from '@internal/plugin-securityhub-remediation-common';
import {
  DETAILS_TABLE,
  FINDINGS_TABLE,
  toIso,
  type FindingDetailRow,
  type FindingRow,
} from './rows';

/**
 * Stores a finding as PASSED and RESOLVED after a local remediation run, as
 * a newer version of its document written through `write` (the store's
 * upsert); UNKNOWN when the finding or its document is not stored.
 */
export async function markPassedLocally(
  db: Knex,
  findingId: string,
  note: string,
  write: (marked: AsffFinding, sourceId: string) => Promise<unknown>,
): Promise<ComplianceStatus | 'UNKNOWN'> {
  const row: FindingRow | undefined = await db(FINDINGS_TABLE)
    .where('id', findingId)
    .first();
  if (!row) return 'UNKNOWN';
  const detail: FindingDetailRow | undefined = await db(DETAILS_TABLE)
    .where('finding_pk', row.pk!)
    .first();
  if (!detail) return 'UNKNOWN';
  const document = JSON.parse(detail.document) as AsffFinding;
  // Strictly newer than the stored version: a sync keeps a stored finding
  // unless the incoming UpdatedAt is the same or later.
  const updatedAt = new Date(
    Math.max(Date.now(), Date.parse(toIso(row.updated_at)) + 1),
  ).toISOString();
  const marked: AsffFinding = {
    ...document,
    UpdatedAt: updatedAt,
    Compliance: { ...document.Compliance, Status: 'PASSED' },
    // Security Hub resolves a control finding that turns PASSED.
    Workflow: { ...document.Workflow, Status: 'RESOLVED' },
    Note: {
      Text: note.slice(0, 512),
      UpdatedBy: 'securityhub-remediation (local run)',
      UpdatedAt: updatedAt,
    },
  };
  await write(marked, row.source_id);
  return 'PASSED';
}
