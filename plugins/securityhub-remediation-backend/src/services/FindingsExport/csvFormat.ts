import type { Finding } from '@internal/plugin-securityhub-remediation-common';

/** The columns of a CSV export, in order; each is a field of the finding. */
export const CSV_EXPORT_COLUMNS = [
  'id',
  'title',
  'severity',
  'complianceStatus',
  'workflowStatus',
  'recordState',
  'controlId',
  'awsAccountId',
  'region',
  'resourceType',
  'resourceId',
  'createdAt',
  'updatedAt',
  'firstSeenAt',
  'resolvedAt',
  'remediationUrl',
] as const satisfies ReadonlyArray<keyof Finding>;

/** RFC 4180 ends records with CRLF. */
const RECORD_END = '\r\n';

/**
 * Leading characters that make a spreadsheet read a cell as a formula (or,
 * for tab and CR, that some import paths strip before checking for one).
 * Finding titles, resource ids and URLs come from the AWS accounts being
 * audited, so anyone able to name a resource could otherwise have a formula
 * (data exfiltration through HYPERLINK, DDE) run on the auditor's machine
 * when the export is opened. A leading single quote makes it plain text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-safe, quoted when it holds a quote, comma or line break. */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header record. */
export function csvHeader(): string {
  return CSV_EXPORT_COLUMNS.join(',') + RECORD_END;
}

/** One finding as a CSV record. */
export function csvRecord(finding: Finding): string {
  return (
    CSV_EXPORT_COLUMNS.map(column => csvField(finding[column])).join(',') +
    RECORD_END
  );
}
