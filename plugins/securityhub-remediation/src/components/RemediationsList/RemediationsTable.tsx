import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type { Remediation } from '@internal/plugin-securityhub-remediation-common';
import { remediationHref } from '../../remediationLinks';
import { RelativeTime } from '../RelativeTime';
import { RemediationStatusChip } from '../RemediationStatus';

/** `user:default/alice` → `alice`; other refs unchanged. */
export function shortUserRef(ref: string): string {
  const match = /^user:(?:default\/)?(.+)$/.exec(ref);
  return match ? match[1] : ref;
}

/** One page of remediations, each linking to its timeline. */
export function RemediationsTable(props: {
  items: Remediation[];
  emptyText: string;
  /** Leaves out the account column (e.g. on an account's own tab). */
  hideAccount?: boolean;
}) {
  const columns = props.hideAccount ? 4 : 5;
  return (
    <Table size="small" aria-label="Remediations">
      <TableHead>
        <TableRow>
          <TableCell>Finding</TableCell>
          {!props.hideAccount && <TableCell>Account</TableCell>}
          <TableCell>Status</TableCell>
          <TableCell>Submitted by</TableCell>
          <TableCell>Updated</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(item => (
          <TableRow key={item.id}>
            <TableCell>
              <Link to={remediationHref(item.id)}>
                {item.controlId}: {item.controlTitle}
              </Link>
              {item.resourceId && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {item.resourceId}
                </Typography>
              )}
            </TableCell>
            {!props.hideAccount && (
              <TableCell>
                {item.awsAccountId}
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {item.region}
                </Typography>
              </TableCell>
            )}
            <TableCell>
              <RemediationStatusChip status={item.status} />
            </TableCell>
            <TableCell>{shortUserRef(item.submittedBy)}</TableCell>
            <TableCell>
              <RelativeTime value={item.updatedAt} />
            </TableCell>
          </TableRow>
        ))}
        {props.items.length === 0 && (
          <TableRow>
            <TableCell colSpan={columns}>
              <Typography variant="body2" color="textSecondary">
                {props.emptyText}
              </Typography>
            </TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
