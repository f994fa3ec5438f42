import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  InfoCard,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import type {
  FindingsFilter,
  FindingsSummary,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';
import { entityFindingsScope } from '../../conditions';
import { formatCount } from '../../format';
import { DEFAULT_FILTER } from '../FindingsExplorer/findingsQuery';
import { SEVERITIES_DESCENDING, SeverityChip } from '../SeverityChip';

/** Failing controls listed on the card. */
const TOP_CONTROLS = 3;

/**
 * The entity's open, failed findings at a glance, for its Overview: how
 * many, by severity, and the controls failing most, with a link to the
 * Security Hub tab. Matches findings as the tab does (account, resource
 * tags, ARN prefixes).
 */
export function EntitySecurityHubCard() {
  const { entity } = useEntity();
  const api = useApi(securityHubFindingsApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const scope = entityFindingsScope(entity);
  const filter: FindingsFilter | undefined =
    scope.kind === 'matched'
      ? { ...DEFAULT_FILTER, ...scope.filter }
      : undefined;
  const summary = useAsync(
    async () => (filter ? api.getSummary(filter) : undefined),
    [api, JSON.stringify(filter)],
  );

  if (scope.kind === 'invalid') {
    return (
      <WarningPanel
        title="Security Hub: invalid annotation"
        message={`${scope.annotation} is "${scope.value}": ${scope.message}`}
      />
    );
  }
  if (scope.kind === 'none') return null;

  const tabLink = `${entityRoute(entityRouteParams(entity))}/securityhub`;
  return (
    <InfoCard
      title="Security Hub"
      subheader="Open, failed control findings"
      deepLink={{ title: 'View findings', link: tabLink }}
    >
      {summary.error ? (
        <ResponseErrorPanel error={summary.error} />
      ) : (
        <CardBody summary={summary.value} />
      )}
    </InfoCard>
  );
}

function CardBody(props: { summary: FindingsSummary | undefined }) {
  const { summary } = props;
  if (!summary) {
    return (
      <Box data-testid="securityhub-card-loading">
        <Skeleton variant="text" width={80} height={48} />
        <Skeleton variant="rect" height={32} />
        <Skeleton variant="text" />
      </Box>
    );
  }
  const controls = summary.byControl
    .filter(c => c.failed > 0)
    .slice(0, TOP_CONTROLS);
  return (
    <>
      <Typography
        variant="h3"
        component="p"
        data-testid="securityhub-card-total"
      >
        {formatCount(summary.total)}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {summary.total === 1 ? 'finding needs' : 'findings need'} fixing
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} my={1}>
        {SEVERITIES_DESCENDING.filter(s => summary.bySeverity[s] > 0).map(
          severity => (
            <Box key={severity} display="flex" alignItems="center">
              <SeverityChip severity={severity} />
              <Typography
                variant="body2"
                style={{ marginLeft: 4 }}
                data-testid={`securityhub-card-${severity}`}
              >
                {formatCount(summary.bySeverity[severity])}
              </Typography>
            </Box>
          ),
        )}
      </Box>
      {controls.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Failing most
          </Typography>
          <List dense disablePadding aria-label="Controls failing most">
            {controls.map(control => (
              <ListItem key={control.key} disableGutters>
                <ListItemText
                  primary={`${control.key} · ${formatCount(
                    control.failed,
                  )} failed`}
                  secondary={control.title}
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
    </>
  );
}
