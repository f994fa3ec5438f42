import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { RemediationEvent } from '@internal/plugin-securityhub-remediation-common';
import { formatTimestamp } from '../../format';
import { LocalLabel, statusLabel } from '../RemediationStatus';
import { shortUserRef } from '../RemediationsList';

/** Everything that happened to the remediation, oldest first. */
export function EventsList(props: { events: RemediationEvent[] }) {
  return (
    <Table size="small" aria-label="Events">
      <TableHead>
        <TableRow>
          <TableCell>At</TableCell>
          <TableCell>Stage</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>What happened</TableCell>
          <TableCell>By</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.events.map((event, i) => (
          <TableRow key={`${event.at}-${i}`}>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              {formatTimestamp(event.at)}
            </TableCell>
            <TableCell>
              {event.stage}
              <LocalLabel mode={event.mode} />
            </TableCell>
            <TableCell>{statusLabel(event.status)}</TableCell>
            <TableCell>{event.message}</TableCell>
            <TableCell>{shortUserRef(event.actor)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
