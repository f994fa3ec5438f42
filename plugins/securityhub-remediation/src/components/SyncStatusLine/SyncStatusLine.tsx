import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { securityHubSyncRunPermission } from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsFilter,
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

/** What the last runs wrote and found unchanged, when the status counts it. */
function lastRunCounts(sources: SourceSyncStatus[]): string {
  let written = 0;
  let unchanged = 0;
  for (const s of sources) {
    if (s.lastImported === null || s.lastUnchanged === null) return '';
    written += s.lastImported;
    unchanged += s.lastUnchanged;
  }
  if (written + unchanged === 0) return '';
  return ` · last run wrote ${formatCount(written)}, ${formatCount(
    unchanged,
  )} unchanged`;
}

function StatusText(props: {
  status: SyncStatus;
  /** The count to show instead of every readable finding, and what it counts. */
  stored?: { count: number | undefined; of: string };
}) {
  const { sources, totalStored } = props.status;
  let stored = ` · ${formatCount(totalStored)} findings stored`;
  if (props.stored) {
    // Nothing until the entity's own count is in: never the global one.
    const { count, of } = props.stored;
    stored =
      count === undefined
        ? ''
        : ` · ${formatCount(count)} findings of ${of} stored`;
  }
  const latest = lastSucceededAt(sources);
  const running = sources.filter(s => s.state === 'running').length;
  const sourceCount = `${sources.length} ${
    sources.length === 1 ? 'source' : 'sources'
  }`;
  // Primary, not secondary, text: the line sits on the page background,
  // where the light theme's secondary grey is under AA contrast.
  return (
    <Typography variant="body2">
      {latest ? (
        <>
          Last synced <RelativeTime value={latest} /> from {sourceCount}
        </>
      ) : (
        <>Not synced yet ({sourceCount} configured)</>
      )}
      {stored}
      {lastRunCounts(sources)}
      {running > 0 && ` · sync running`}
    </Typography>
  );
}

function plural(count: number, one: string): string {
  return `${formatCount(count)} ${one}${count === 1 ? '' : 's'}`;
}

/** The source's target, or its placeholder id when the status is sanitized. */
function SourceName(props: { source: SourceSyncStatus }) {
  const { source } = props;
  if (!source.target) return <strong>{source.sourceId}</strong>;
  return (
    <>
      <strong>{source.target}</strong> ({source.sourceId})
    </>
  );
}

/** Rejected units, as far as the status lists them. */
function RejectedUnits(props: { source: SourceSyncStatus }) {
  const { rejected, lastRejected } = props.source;
  if (rejected.length === 0) return null;
  return (
    <Box component="ul" m={0} pl={2}>
      {rejected.slice(0, 5).map((unit, index) => (
        <li key={index}>
          {unit.origin}
          {unit.position && ` (${unit.position})`}: {unit.reason}
        </li>
      ))}
      {lastRejected > 5 && <li>and {formatCount(lastRejected - 5)} more</li>}
    </Box>
  );
}

/** A failed or interrupted last run, or one that rejected files. */
function SourceNotice(props: { source: SourceSyncStatus }) {
  const { source } = props;
  const rejected =
    source.lastRejected > 0
      ? plural(
          source.lastRejected,
          source.kind === 'asff-files' ? 'file' : 'page',
        )
      : undefined;
  if (source.state === 'succeeded') {
    return (
      <Alert severity="info">
        Last sync of <SourceName source={source} /> succeeded{' '}
        <RelativeTime value={source.lastFinishedAt} /> with {rejected} rejected;
        they are read again on the next run.
        <RejectedUnits source={source} />
      </Alert>
    );
  }
  const what = source.state === 'interrupted' ? 'was interrupted' : 'failed';
  return (
    <Alert severity="warning">
      Last sync of <SourceName source={source} /> {what}{' '}
      <RelativeTime value={source.lastFinishedAt} />:{' '}
      {source.lastError ?? 'unknown error'}
      {rejected && ` (${rejected} rejected)`}
      <RejectedUnits source={source} />
    </Alert>
  );
}

/**
 * How fresh the stored findings are, with a notice per source whose last run
 * failed, was interrupted or rejected files (what it stored is still shown).
 * Without the sync admin permission the status names no targets or files.
 */
export interface SyncStatusLineProps {
  /**
   * On an entity: count the findings it matches (`filter`), named as `of`
   * ("this account"), instead of every finding the user may read.
   */
  stored?: { filter: FindingsFilter; of: string };
}

export function SyncStatusLine(props: SyncStatusLineProps = {}) {
  const api = useApi(securityHubFindingsApiRef);
  const alertApi = useApi(alertApiRef);
  const { value, error, retry } = useAsyncRetry(
    () => api.getSyncStatus(),
    [api],
  );
  const storedFilter = props.stored?.filter;
  const entityStored = useAsync(
    async () =>
      storedFilter ? (await api.getSummary(storedFilter)).total : undefined,
    [api, JSON.stringify(storedFilter)],
  );
  const { allowed: canSync } = usePermission({
    permission: securityHubSyncRunPermission,
  });
  const [requested, setRequested] = useState(false);

  const syncNow = async () => {
    setRequested(true);
    try {
      const outcome = await api.triggerSync();
      alertApi.post({
        message:
          outcome === 'started'
            ? 'Sync requested; the findings refresh when it finishes.'
            : 'A sync is already running; the findings refresh when it finishes.',
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
      <Typography variant="body2">
        Sync status unavailable: {error.message}
      </Typography>
    );
  }
  if (!value) return null;

  const needsNotice = value.sources.filter(
    s =>
      s.state === 'failed' || s.state === 'interrupted' || s.lastRejected > 0,
  );
  return (
    <Box data-testid="sync-status">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <StatusText
          status={value}
          stored={
            props.stored && {
              count: entityStored.value,
              of: props.stored.of,
            }
          }
        />
        {canSync && (
          <Button size="small" onClick={syncNow} disabled={requested}>
            Sync now
          </Button>
        )}
      </Box>
      {needsNotice.map(source => (
        <Box mt={1} key={source.sourceId}>
          <SourceNotice source={source} />
        </Box>
      ))}
    </Box>
  );
}
