import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { securityHubSyncRunPermission } from '@internal/plugin-securityhub-remediation-common';
import type {
  SourceSyncStatus,
  SyncStatus,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';
import { formatCount } from '../../format';
import { RelativeTime } from '../RelativeTime';

/** Latest successful sync over all sources, or null if none ever succeeded. */
export function lastSucceededAt(sources: SourceSyncStatus[]): string | null {
  let latest: string | null = null;
  for (const source of sources) {
    const at = source.lastSucceededAt;
    if (at && (!latest || Date.parse(at) > Date.parse(latest))) latest = at;
  }
  return latest;
}

function StatusText(props: { status: SyncStatus }) {
  const { sources, totalStored } = props.status;
  const latest = lastSucceededAt(sources);
  const running = sources.filter(s => s.state === 'running').length;
  const sourceCount = `${sources.length} ${
    sources.length === 1 ? 'source' : 'sources'
  }`;
  return (
    <Typography variant="body2" color="textSecondary">
      {latest ? (
        <>
          Last synced <RelativeTime value={latest} /> from {sourceCount}
        </>
      ) : (
        <>Not synced yet ({sourceCount} configured)</>
      )}
      {` · ${formatCount(totalStored)} findings stored`}
      {running > 0 && ` · sync running`}
    </Typography>
  );
}

/**
 * How fresh the stored findings are, with a warning per source whose last run
 * failed (what it stored before failing is still shown).
 */
export function SyncStatusLine() {
  const api = useApi(securityHubFindingsApiRef);
  const alertApi = useApi(alertApiRef);
  const { value, error, retry } = useAsyncRetry(
    () => api.getSyncStatus(),
    [api],
  );
  const { allowed: canSync } = usePermission({
    permission: securityHubSyncRunPermission,
  });
  const [requested, setRequested] = useState(false);

  const syncNow = async () => {
    setRequested(true);
    try {
      await api.triggerSync();
      alertApi.post({
        message: 'Sync requested; the findings refresh when it finishes.',
        severity: 'info',
        display: 'transient',
      });
      // The scheduler starts the run within seconds; show it as running.
      setTimeout(retry, 3000);
    } catch (e) {
      alertApi.post({
        message: `Sync not started: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setRequested(false);
    }
  };

  if (error) {
    return (
      <Typography variant="body2" color="textSecondary">
        Sync status unavailable: {error.message}
      </Typography>
    );
  }
  if (!value) return null;

  const failed = value.sources.filter(s => s.state === 'failed');
  return (
    <Box data-testid="sync-status">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <StatusText status={value} />
        {canSync && (
          <Button size="small" onClick={syncNow} disabled={requested}>
            Sync now
          </Button>
        )}
      </Box>
      {failed.map(source => (
        <Box mt={1} key={source.sourceId}>
          <Alert severity="warning">
            Last sync of <strong>{source.target}</strong> ({source.sourceId})
            failed <RelativeTime value={source.lastFinishedAt} />:{' '}
            {source.lastError ?? 'unknown error'}
          </Alert>
        </Box>
      ))}
    </Box>
  );
}
