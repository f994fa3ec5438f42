import type {
  Finding,
  FindingsExportFormat,
} from '@internal/plugin-securityhub-remediation-common';
import { csvHeader, csvRecord } from './csvFormat';

/** How one export format is written: what comes before, per finding and after. */
export interface ExportFormat {
  contentType: string;
  extension: string;
  /** Written before the first finding. */
  begin: string;
  /** One finding; `index` counts from 0 over the whole export. */
  item(finding: Finding, index: number): string;
  /** Written after the last finding; left out of an export that did not complete. */
  end: string;
}

export const EXPORT_FORMATS: Record<FindingsExportFormat, ExportFormat> = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    begin: csvHeader(),
    item: csvRecord,
    end: '',
  },
  // One array, written element by element; without its closing bracket an
  // interrupted export does not parse.
  json: {
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
    begin: '[',
    item: (finding, index) =>
      `${index === 0 ? '\n' : ',\n'}${JSON.stringify(finding)}`,
    end: '\n]\n',
  },
  jsonl: {
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'jsonl',
    begin: '',
    item: finding => `${JSON.stringify(finding)}\n`,
    end: '',
  },
};

/** `securityhub-findings-20261204T160431Z.csv`: the UTC time, safe in any file system. */
export function exportFileName(format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return `securityhub-findings-${stamp}.${format.extension}`;
}
