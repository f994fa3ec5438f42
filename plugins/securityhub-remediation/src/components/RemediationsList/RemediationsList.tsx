import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  REMEDIATION_STATUSES,
  type RemediationsListQuery,
  type RemediationStatus,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubRemediationsApiRef } from '../../api';
import { statusLabel } from '../RemediationStatus';
import { RemediationsTable } from './RemediationsTable';

export interface RemediationsListProps {
  /** Fixed filters, e.g. `{ accountId }` on an account's tab. */
  query?: Pick<RemediationsListQuery, 'findingId' | 'accountId'>;
  /** Shows the status and "open only" filters. */
  showFilters?: boolean;
  hideAccount?: boolean;
  pageSize?: number;
  emptyText?: string;
}

/**
 * Remediations the user may see, newest first, with status filters and
 * cursor paging (the backend scopes them to readable accounts).
 */
export function RemediationsList(props: RemediationsListProps) {
  const api = useApi(securityHubRemediationsApiRef);
  const [status, setStatus] = useState<RemediationStatus | ''>('');
  const [openOnly, setOpenOnly] = useState(false);
  // Cursors of the pages before the current one, so "Previous" can go back.
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const cursor = cursors[cursors.length - 1];
  const { findingId, accountId } = props.query ?? {};

  const page = useAsyncRetry(
    () =>
      api.list({
        findingId,
        accountId,
        status: status || undefined,
        open: openOnly ? 'true' : undefined,
        limit: props.pageSize,
        cursor,
      }),
    [api, findingId, accountId, status, openOnly, cursor, props.pageSize],
  );

  const resetPaging = () => setCursors([undefined]);

  return (
    <Box>
      {props.showFilters && (
        <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
          <TextField
            select
            id="remediations-status-filter"
            label="Status"
            // Shows "Any status" for the empty value instead of a blank box.
            SelectProps={{ displayEmpty: true }}
            InputLabelProps={{ shrink: true }}
            value={status}
            onChange={e => {
              setStatus(e.target.value as RemediationStatus | '');
              resetPaging();
            }}
            style={{ minWidth: 200 }}
          >
            <MenuItem value="">Any status</MenuItem>
            {REMEDIATION_STATUSES.map(s => (
              <MenuItem key={s} value={s}>
                {statusLabel(s)}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel
            control={
              <Switch
                checked={openOnly}
                onChange={e => {
                  setOpenOnly(e.target.checked);
                  resetPaging();
                }}
              />
            }
            label="Open only"
          />
        </Box>
      )}
      {page.loading && <Progress />}
      {page.error && (
        <ResponseErrorPanel
          error={page.error}
          title="Could not load the remediations"
        />
      )}
      {page.value && (
        <>
          <RemediationsTable
            items={page.value.items}
            hideAccount={props.hideAccount}
            emptyText={props.emptyText ?? 'No remediations match.'}
          />
          <Box display="flex" alignItems="center" mt={1} style={{ gap: 8 }}>
            <Typography variant="caption" color="textSecondary">
              {page.value.totalCount} remediation
              {page.value.totalCount === 1 ? '' : 's'}
            </Typography>
            <Box flexGrow={1} />
            <Button
              size="small"
              disabled={cursors.length <= 1}
              onClick={() => setCursors(c => c.slice(0, -1))}
            >
              Previous
            </Button>
            <Button
              size="small"
              disabled={!page.value.nextCursor}
              onClick={() =>
                setCursors(c => [...c, page.value?.nextCursor ?? undefined])
              }
            >
              Next
            </Button>
          </Box>
        </>
      )}
    </Box>
  );
}
