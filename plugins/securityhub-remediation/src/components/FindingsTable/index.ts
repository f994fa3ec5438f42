export { FindingsTable, type FindingsTableProps } from './FindingsTable';
export {
  FindingsPager,
  pageRangeLabel,
  type FindingsPagerProps,
} from './FindingsPager';
export { ComplianceStatusLabel, ResourceCell } from './FindingCells';
