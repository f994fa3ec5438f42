export { FindingsTable, type FindingsTableProps } from './FindingsTable';
export {
  FindingsPager,
  pageRangeLabel,
  type FindingsPagerProps,
} from './FindingsPager';
export { ComplianceStatusLabel } from './ComplianceStatusLabel';
export { AccountName, accountLabel, shortAccountName } from './AccountName';
export {
  useAwsAccounts,
  toAwsAccountDirectory,
  type AwsAccountDirectory,
  type AwsAccountEntity,
} from './useAwsAccounts';
export type { FindingsSelection } from './SelectionCells';
