import { memo } from 'react';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import { stopRowClick, type CellClasses } from './FindingCells';
import type { FindingColumn } from './findingColumns';
import type { AwsAccountDirectory } from './useAwsAccounts';
import type { EntityPath } from './AccountName';

// Material UI's global class names of a small body cell and a hover row:
// the same look as TableCell and TableRow without a styled component per
// cell (the header's TableCells keep those style sheets attached).
const BODY_CELL = 'MuiTableCell-root MuiTableCell-body MuiTableCell-sizeSmall';
const CHECKBOX_CELL = `${BODY_CELL} MuiTableCell-paddingCheckbox`;
const HOVER_ROW = 'MuiTableRow-root MuiTableRow-hover';

export interface FindingRowProps {
  finding: Finding;
  columns: readonly FindingColumn[];
  accounts: AwsAccountDirectory;
  entityPath: EntityPath;
  classes: CellClasses;
  onSelect: (finding: Finding) => void;
  /** Present when rows can be selected for a bulk action. */
  selected?: boolean;
  onToggle?: (findingId: string, selected: boolean) => void;
}

/**
 * One finding's row. Memoized: a view change that keeps a row's finding
 * (loading, selection elsewhere, the drawer) does not render it again.
 */
function FindingRowCells(props: FindingRowProps) {
  const { finding, columns, classes, onToggle } = props;
  const context = {
    onSelect: props.onSelect,
    accounts: props.accounts,
    entityPath: props.entityPath,
    classes,
  };
  return (
    <tr
      className={`${HOVER_ROW} ${classes.row}`}
      onClick={() => props.onSelect(finding)}
      data-testid="finding-row"
    >
      {onToggle && (
        <td className={CHECKBOX_CELL} onClick={stopRowClick}>
          <input
            type="checkbox"
            className={classes.checkbox}
            checked={props.selected ?? false}
            aria-label={`Select finding ${finding.title}`}
            onChange={event => onToggle(finding.id, event.target.checked)}
          />
        </td>
      )}
      {columns.map(column => (
        <td
          key={column.label}
          className={`${BODY_CELL} ${classes[column.cellClass]}`}
        >
          {column.render(finding, context)}
        </td>
      ))}
    </tr>
  );
}

export const FindingRow = memo(FindingRowCells);
