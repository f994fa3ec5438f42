import { useCallback, useRef, type ReactNode } from 'react';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  Finding,
  FindingSortField,
} from '@internal/plugin-securityhub-remediation-common';
import type { SortOrder } from '../../api';
import { SkeletonRows } from './SkeletonRows';
import { useCellStyles } from './FindingCells';
import { visibleColumns } from './findingColumns';
import { FindingRow } from './FindingRow';
import { FindingsPager, type FindingsPagerProps } from './FindingsPager';
import { SelectPageCell, type FindingsSelection } from './SelectionCells';
import { useAwsAccounts } from './useAwsAccounts';
import { useEntityPath } from './AccountName';
import { useElementWidth } from './useElementWidth';

const useStyles = makeStyles(theme => ({
  container: {
    // Scroll sideways on narrow screens instead of crushing the columns.
    overflowX: 'auto',
  },
  table: {
    // Below this the table scrolls (the title column keeps its minimum).
    minWidth: 860,
    '& th, & td': {
      paddingLeft: theme.spacing(1.5),
      paddingRight: theme.spacing(1.5),
    },
  },
  headerCell: {
    whiteSpace: 'nowrap',
  },
  progress: {
    // Keeps the table from jumping when the bar appears.
    height: 4,
  },
  empty: {
    padding: theme.spacing(4),
    textAlign: 'center',
  },
}));

export interface FindingsTableProps {
  findings: Finding[];
  loading: boolean;
  sort: FindingSortField;
  order: SortOrder;
  onSortChange: (field: FindingSortField) => void;
  onSelect: (finding: Finding) => void;
  pager: FindingsPagerProps;
  /** Shown in place of rows when nothing matches. */
  emptyContent?: ReactNode;
  /** Leave out the account column (every row is of the same account). */
  hideAccount?: boolean;
  /** Adds a checkbox column for bulk actions. */
  selection?: FindingsSelection;
}

/**
 * One server-side page of findings with sortable headers and a cursor pager.
 * Rows open the detail drawer on click; the title is a button so keyboard
 * users reach the same action with Tab and Enter.
 */
export function FindingsTable(props: FindingsTableProps) {
  const classes = useStyles();
  const cellClasses = useCellStyles();
  const { findings, loading, sort, order, selection } = props;
  const accounts = useAwsAccounts();
  const entityPath = useEntityPath();
  const container = useRef<HTMLDivElement>(null);
  const width = useElementWidth(container);
  const columns = visibleColumns(props.hideAccount ?? false, width);
  const columnCount = columns.length + (selection ? 1 : 0);

  // Callbacks that keep their identity across renders, so a row re-renders
  // only when its own finding or selection changes.
  const latest = useRef(props);
  latest.current = props;
  const onSelect = useCallback(
    (finding: Finding) => latest.current.onSelect(finding),
    [],
  );
  const onToggle = useCallback((findingId: string, selected: boolean) => {
    const current = latest.current.selection;
    if (!current) return;
    const next = new Set(current.selectedIds);
    if (selected) next.add(findingId);
    else next.delete(findingId);
    current.onChange(next);
  }, []);

  return (
    <Paper>
      <div className={classes.progress}>
        {loading && <LinearProgress aria-label="Loading findings" />}
      </div>
      <FindingsPager {...props.pager} position="top" />
      <TableContainer className={classes.container} ref={container}>
        <Table
          size="small"
          aria-label="Security Hub findings"
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              {selection && (
                <SelectPageCell
                  findings={findings}
                  selection={selection}
                  classes={cellClasses}
                />
              )}
              {columns.map(column => {
                const active = column.sortField === sort;
                return (
                  <TableCell
                    key={column.label}
                    className={classes.headerCell}
                    sortDirection={active ? order : false}
                  >
                    {column.sortField ? (
                      <TableSortLabel
                        active={active}
                        direction={active ? order : 'asc'}
                        onClick={() => props.onSortChange(column.sortField!)}
                      >
                        {column.label}
                      </TableSortLabel>
                    ) : (
                      column.label
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {findings.map(finding => (
              <FindingRow
                key={finding.id}
                finding={finding}
                columns={columns}
                accounts={accounts}
                entityPath={entityPath}
                classes={cellClasses}
                onSelect={onSelect}
                selected={selection?.selectedIds.has(finding.id)}
                onToggle={selection ? onToggle : undefined}
              />
            ))}
            {loading && findings.length === 0 && (
              <SkeletonRows columns={columnCount} />
            )}
            {!loading && findings.length === 0 && (
              <TableRow>
                <TableCell colSpan={columnCount} className={classes.empty}>
                  {props.emptyContent ?? (
                    <Typography>No findings match these filters.</Typography>
                  )}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <FindingsPager {...props.pager} />
    </Paper>
  );
}
