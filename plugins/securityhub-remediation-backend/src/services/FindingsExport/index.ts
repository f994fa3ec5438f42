export { CSV_EXPORT_COLUMNS, csvField, csvRecord } from './csvFormat';
export {
  EXPORT_FORMATS,
  exportFileName,
  type ExportFormat,
} from './exportFormats';
export {
  writeFindingsExport,
  type ExportOutcome,
  type ExportSink,
} from './writeFindingsExport';
