import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { CountBucket } from '@internal/plugin-securityhub-remediation-common';
import { formatCount } from '../../format';
import { SEVERITY_PALETTE } from '../SeverityChip';

export interface AccountOverviewProps {
  /** `summary.byAccount` of the current filters. */
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
 * Findings per AWS account under the current filters, worst first; clicking
 * an account narrows the explorer to it.
 */
export function AccountOverview(props: AccountOverviewProps) {
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
      <TableContainer style={{ maxHeight: 260 }}>
        <Table size="small" stickyHeader aria-label="Findings by account">
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
                  <Link
                    component="button"
                    variant="body2"
                    onClick={() => props.onSelectAccount(account.key)}
                    aria-label={`Show findings of account ${account.key}`}
                  >
                    {account.key}
                  </Link>
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
                    color={SEVERITY_PALETTE.CRITICAL.background}
                  />
                </TableCell>
                <TableCell align="right">
                  <Count
                    value={account.high}
                    color={SEVERITY_PALETTE.HIGH.background}
                  />
                </TableCell>
              </TableRow>
            ))}
            {accounts.length === 0 && (
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
