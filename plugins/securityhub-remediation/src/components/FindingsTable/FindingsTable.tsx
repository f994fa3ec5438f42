import { useRef, type MouseEvent, type ReactNode } from 'react';
import LinearProgress from '@material-ui/core/LinearProgress';
import Link from '@material-ui/core/Link';
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
import { RelativeTime } from '../RelativeTime';
import { SeverityChip } from '../SeverityChip';
import { AccountName } from './AccountName';
import { ControlLink } from './ControlLink';
import { SkeletonRows } from './SkeletonRows';
import { ComplianceStatusLabel, ResourceCell } from './FindingCells';
import { FindingsPager, type FindingsPagerProps } from './FindingsPager';
import {
  SelectPageCell,
  SelectRowCell,
  type FindingsSelection,
} from './SelectionCells';
import { useAwsAccounts, type AwsAccountDirectory } from './useAwsAccounts';
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
  // Short values (chips, ids, statuses, dates) never break inside a word.
  nowrap: {
    whiteSpace: 'nowrap',
  },
  // The title takes whatever width the other columns leave.
  titleCell: {
    width: '100%',
    minWidth: 160,
  },
  resourceCell: {
    maxWidth: 224,
  },
  row: {
    cursor: 'pointer',
  },
  title: {
    textAlign: 'left',
    fontWeight: 500,
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

type CellClass = 'nowrap' | 'titleCell' | 'resourceCell';

interface CellContext {
  onSelect: () => void;
  accounts: AwsAccountDirectory;
}

interface Column {
  label: string;
  /**
   * Left out when the table's container is narrower than this (px), so the
   * table fits from 1280 px windows up instead of scrolling sideways; the
   * drawer still shows the value.
   */
  hideBelow?: number;
  sortField?: FindingSortField;
  /** Class of the body cells; header cells never wrap. */
  cellClass: CellClass;
  render: (finding: Finding, context: CellContext) => ReactNode;
}

function TitleLink(props: { finding: Finding; onSelect: () => void }) {
  const classes = useStyles();
  return (
    <Link
      component="button"
      variant="body2"
      className={classes.title}
      onClick={(event: MouseEvent) => {
        // The row handles clicks too; open the drawer once.
        event.stopPropagation();
        props.onSelect();
      }}
    >
      {props.finding.title}
    </Link>
  );
}

const COLUMNS: Column[] = [
  {
    label: 'Severity',
    sortField: 'severity',
    cellClass: 'nowrap',
    render: f => <SeverityChip severity={f.severity} />,
  },
  {
    label: 'Title',
    sortField: 'title',
    cellClass: 'titleCell',
    render: (f, { onSelect }) => <TitleLink finding={f} onSelect={onSelect} />,
  },
  {
    label: 'Control',
    sortField: 'controlId',
    cellClass: 'nowrap',
    render: f => <ControlLink controlId={f.controlId} />,
  },
  {
    label: 'Account',
    sortField: 'awsAccountId',
    cellClass: 'nowrap',
    render: (f, { accounts }) => (
      <AccountName accountId={f.awsAccountId} directory={accounts} />
    ),
  },
  {
    label: 'Region',
    hideBelow: 1400,
    cellClass: 'nowrap',
    render: f => f.region,
  },
  {
    label: 'Resource',
    cellClass: 'resourceCell',
    render: f => <ResourceCell finding={f} />,
  },
  {
    label: 'Compliance',
    hideBelow: 1000,
    cellClass: 'nowrap',
    render: f => <ComplianceStatusLabel status={f.complianceStatus} />,
  },
  {
    label: 'Workflow',
    hideBelow: 1150,
    cellClass: 'nowrap',
    render: f => f.workflowStatus,
  },
  {
    label: 'Updated',
    sortField: 'updatedAt',
    cellClass: 'nowrap',
    render: f => <RelativeTime value={f.updatedAt} />,
  },
  {
    label: 'First seen',
    sortField: 'firstSeenAt',
    hideBelow: 1400,
    cellClass: 'nowrap',
    render: f => <RelativeTime value={f.firstSeenAt} />,
  },
];

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
  const { findings, loading, sort, order } = props;
  const accounts = useAwsAccounts();
  const container = useRef<HTMLDivElement>(null);
  const width = useElementWidth(container);
  const hidden = (column: Column) =>
    (column.label === 'Account' && props.hideAccount) ||
    (column.hideBelow !== undefined &&
      width !== undefined &&
      width < column.hideBelow);
  const columns = COLUMNS.filter(column => !hidden(column));
  const columnCount = columns.length + (props.selection ? 1 : 0);

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
              {props.selection && (
                <SelectPageCell
                  findings={findings}
                  selection={props.selection}
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
              <TableRow
                key={finding.id}
                hover
                className={classes.row}
                onClick={() => props.onSelect(finding)}
                data-testid="finding-row"
              >
                {props.selection && (
                  <SelectRowCell
                    finding={finding}
                    selection={props.selection}
                  />
                )}
                {columns.map(column => (
                  <TableCell
                    key={column.label}
                    className={classes[column.cellClass]}
                  >
                    {column.render(finding, {
                      onSelect: () => props.onSelect(finding),
                      accounts,
                    })}
                  </TableCell>
                ))}
              </TableRow>
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
