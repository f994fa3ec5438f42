import useAsync from 'react-use/esm/useAsync';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  FINDINGS_TRENDS_DAYS,
  type FindingsSummary,
} from '@internal/plugin-securityhub-remediation-common';
import { LoadError } from '../FindingsExplorer/LoadError';
import { CountBarsChart } from './CountBarsChart';
import { NewVsResolvedChart } from './NewVsResolvedChart';
import { OpenBySeverityChart } from './OpenBySeverityChart';
import { securityHubTrendsApiRef } from './trendsApi';

export interface FindingsTrendsPanelProps {
  /** Only this account's counts (the entity tab). */
  accountId?: string;
  /** Only the findings of these resources (a service's entity tab). */
  resourceTag?: string[];
  resourceIdPrefix?: string[];
  /** The summary of the findings shown: controls and accounts with most failed. */
  summary?: FindingsSummary;
}

/**
 * Open findings by severity and new vs resolved per day over the last 90
 * days, and the controls and accounts with the most failed findings. Loaded
 * on demand with its chart library (see `FindingsTrendsSection`).
 */
export function FindingsTrendsPanel(props: FindingsTrendsPanelProps) {
  const { accountId, summary } = props;
  const api = useApi(securityHubTrendsApiRef);
  // By content: the entity's filter arrays may be new on every render.
  const resourcesKey = JSON.stringify([
    props.resourceTag ?? null,
    props.resourceIdPrefix ?? null,
  ]);
  const trends = useAsync(() => {
    const [tags, prefixes] = JSON.parse(resourcesKey) as Array<string[] | null>;
    return api.getTrends({
      days: FINDINGS_TRENDS_DAYS.default,
      accountId,
      resourceTag: tags ?? undefined,
      resourceIdPrefix: prefixes ?? undefined,
    });
  }, [api, accountId, resourcesKey]);

  if (trends.error) {
    return <LoadError error={trends.error} title="Could not load trends" />;
  }
  const firstRecorded = trends.value?.days.find(d => !d.reconstructed);
  const reconstructed = trends.value?.days.some(d => d.reconstructed);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {trends.loading || !trends.value ? (
          <Progress />
        ) : (
          <Typography variant="body2" color="textSecondary">
            {trends.value.computedOnRequest &&
              "Reconstructed for these resources' findings from their created and resolved times (UTC days), so open counts leave out findings fixed since."}
            {!trends.value.computedOnRequest &&
              (trends.value.historyStartsAt
                ? `Daily counts since ${trends.value.historyStartsAt} (UTC days).`
                : 'No daily counts yet: they are recorded after each findings sync.')}
            {reconstructed &&
              !trends.value.computedOnRequest &&
              ` Days before ${
                firstRecorded?.date ?? 'today'
              } are reconstructed from the findings' created and resolved times, so their open counts leave out findings fixed since.`}
          </Typography>
        )}
      </Grid>
      {trends.value && (
        <>
          <Grid item xs={12} lg={6}>
            <OpenBySeverityChart days={trends.value.days} />
          </Grid>
          <Grid item xs={12} lg={6}>
            <NewVsResolvedChart days={trends.value.days} />
          </Grid>
        </>
      )}
      {summary && (
        <>
          <Grid item xs={12} lg={6}>
            <CountBarsChart
              title="Top failing controls"
              keyLabel="Control"
              buckets={summary.byControl}
              describe={bucket =>
                summary.byControl.find(c => c.key === bucket.key)?.title
              }
            />
          </Grid>
          {!accountId && (
            <Grid item xs={12} lg={6}>
              <CountBarsChart
                title="Findings by account"
                keyLabel="Account"
                buckets={summary.byAccount}
              />
            </Grid>
          )}
        </>
      )}
    </Grid>
  );
}

/** For `React.lazy`. */
export default FindingsTrendsPanel;
