import type { MouseEvent, ReactNode } from 'react';
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
import { ComplianceStatusLabel, ResourceCell } from './FindingCells';
import { FindingsPager, type FindingsPagerProps } from './FindingsPager';

const useStyles = makeStyles(theme => ({
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

interface Column {
  label: string;
  sortField?: FindingSortField;
  render: (finding: Finding, onSelect: () => void) => ReactNode;
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
    render: f => <SeverityChip severity={f.severity} />,
  },
  {
    label: 'Title',
    sortField: 'title',
    render: (f, onSelect) => <TitleLink finding={f} onSelect={onSelect} />,
  },
  { label: 'Control', sortField: 'controlId', render: f => f.controlId ?? '—' },
  { label: 'Account', sortField: 'awsAccountId', render: f => f.awsAccountId },
  { label: 'Region', render: f => f.region },
  { label: 'Resource', render: f => <ResourceCell finding={f} /> },
  {
    label: 'Compliance',
    render: f => <ComplianceStatusLabel status={f.complianceStatus} />,
  },
  { label: 'Workflow', render: f => f.workflowStatus },
  {
    label: 'Updated',
    sortField: 'updatedAt',
    render: f => <RelativeTime value={f.updatedAt} />,
  },
  {
    label: 'First seen',
    sortField: 'firstSeenAt',
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
}

/**
 * One server-side page of findings with sortable headers and a cursor pager.
 * Rows open the detail drawer on click; the title is a button so keyboard
 * users reach the same action with Tab and Enter.
 */
export function FindingsTable(props: FindingsTableProps) {
  const classes = useStyles();
  const { findings, loading, sort, order } = props;

  return (
    <Paper>
      <div className={classes.progress}>
        {loading && <LinearProgress aria-label="Loading findings" />}
      </div>
      <TableContainer>
        <Table size="small" aria-label="Security Hub findings">
          <TableHead>
            <TableRow>
              {COLUMNS.map(column => {
                const active = column.sortField === sort;
                return (
                  <TableCell
                    key={column.label}
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
                {COLUMNS.map(column => (
                  <TableCell key={column.label}>
                    {column.render(finding, () => props.onSelect(finding))}
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {!loading && findings.length === 0 && (
              <TableRow>
                <TableCell colSpan={COLUMNS.length} className={classes.empty}>
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
