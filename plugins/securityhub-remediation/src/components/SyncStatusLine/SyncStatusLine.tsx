import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
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
  const { value, error } = useAsync(() => api.getSyncStatus(), [api]);

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
      <StatusText status={value} />
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
