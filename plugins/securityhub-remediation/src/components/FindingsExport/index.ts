export { FindingsExport, type FindingsExportProps } from './FindingsExport';
