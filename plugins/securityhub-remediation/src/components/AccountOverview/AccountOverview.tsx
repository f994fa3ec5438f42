import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import LaunchIcon from '@material-ui/icons/Launch';
import Skeleton from '@material-ui/lab/Skeleton';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { CountBucket } from '@internal/plugin-securityhub-remediation-common';
import { formatCount } from '../../format';
import {
  accountLabel,
  shortAccountName,
  useAwsAccounts,
  type AwsAccountDirectory,
} from '../FindingsTable';
import { SEVERITY_TEXT_ON_PAPER } from '../SeverityChip';

const useStyles = makeStyles(theme => ({
  table: {
    '& th, & td': {
      whiteSpace: 'nowrap',
      paddingLeft: theme.spacing(1.5),
      paddingRight: theme.spacing(1.5),
    },
  },
  entityLink: {
    display: 'inline-flex',
    marginLeft: theme.spacing(0.5),
    fontSize: '1rem',
  },
}));

export interface AccountOverviewProps {
  /** `summary.byAccount` of the current filters; undefined while loading. */
  accounts: CountBucket[] | undefined;
  /** Accounts currently filtered on. */
  selected: readonly string[] | undefined;
  onSelectAccount: (accountId: string) => void;
}

function Count(props: { value: number; color?: string }) {
  return (
    <span style={props.value > 0 ? { color: props.color } : undefined}>
      {formatCount(props.value)}
    </span>
  );
}

/**
 * The account as its catalog name over its id (the id alone when the
 * catalog does not know it): a button that filters on it, and an icon link
 * to its entity page.
 */
function AccountCell(props: {
  accountId: string;
  accounts: AwsAccountDirectory;
  onSelect: () => void;
}) {
  const classes = useStyles();
  const account = props.accounts.get(props.accountId);
  const label = accountLabel(props.accountId, props.accounts);
  return (
    <>
      <Box display="flex" alignItems="center">
        <Link
          component="button"
          variant="body2"
          onClick={props.onSelect}
          aria-label={`Show findings of account ${label}`}
        >
          {account ? shortAccountName(account) : props.accountId}
        </Link>
        {account && (
          <Tooltip title="Open in the catalog">
            <EntityRefLink
              entityRef={account.entityRef}
              className={classes.entityLink}
              aria-label={`Open ${label} in the catalog`}
            >
              <LaunchIcon fontSize="inherit" />
            </EntityRefLink>
          </Tooltip>
        )}
      </Box>
      {account && (
        <Typography variant="caption" color="textSecondary" component="div">
          {props.accountId}
        </Typography>
      )}
    </>
  );
}

/**
 * Findings per AWS account under the current filters, worst first; clicking
 * an account narrows the explorer to it.
 */
export function AccountOverview(props: AccountOverviewProps) {
  const classes = useStyles();
  const directory = useAwsAccounts();
  const severityText = SEVERITY_TEXT_ON_PAPER[useTheme().palette.type];
  const accounts = [...(props.accounts ?? [])].sort(
    (a, b) =>
      b.critical - a.critical ||
      b.high - a.high ||
      b.failed - a.failed ||
      a.key.localeCompare(b.key),
  );
  return (
    <Paper>
      <Typography variant="subtitle1" component="h2" style={{ padding: 12 }}>
        Findings by account
      </Typography>
      <TableContainer style={{ maxHeight: 300 }}>
        <Table
          size="small"
          stickyHeader
          aria-label="Findings by account"
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              <TableCell>Account</TableCell>
              <TableCell align="right">Total</TableCell>
              <TableCell align="right">Failed</TableCell>
              <TableCell align="right">Critical</TableCell>
              <TableCell align="right">High</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {accounts.map(account => (
              <TableRow
                key={account.key}
                selected={props.selected?.includes(account.key)}
              >
                <TableCell>
                  <AccountCell
                    accountId={account.key}
                    accounts={directory}
                    onSelect={() => props.onSelectAccount(account.key)}
                  />
                </TableCell>
                <TableCell align="right">
                  <Count value={account.total} />
                </TableCell>
                <TableCell align="right">
                  <Count value={account.failed} />
                </TableCell>
                <TableCell align="right">
                  <Count
                    value={account.critical}
                    color={severityText.CRITICAL}
                  />
                </TableCell>
                <TableCell align="right">
                  <Count value={account.high} color={severityText.HIGH} />
                </TableCell>
              </TableRow>
            ))}
            {!props.accounts &&
              [0, 1, 2].map(row => (
                <TableRow key={row} data-testid="account-overview-loading">
                  <TableCell colSpan={5}>
                    <Skeleton variant="text" />
                  </TableCell>
                </TableRow>
              ))}
            {props.accounts && accounts.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>
                  <Typography variant="body2" color="textSecondary">
                    No accounts match the filters.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </Paper>
  );
}
