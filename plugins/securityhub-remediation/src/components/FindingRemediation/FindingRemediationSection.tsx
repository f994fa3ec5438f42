import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { RemediationPreview } from '@internal/plugin-securityhub-remediation-common';
import { securityHubRemediationsApiRef } from '../../api';
import { remediationHref } from '../../remediationLinks';
import { RemediateButton } from '../RemediationChat/RemediateButton';
import { RemediationsList } from '../RemediationsList';
import { AutomationSummary } from './AutomationSummary';

/** Remediate, or why not: an open remediation to follow, or the block. */
function NextStep(props: { preview: RemediationPreview }) {
  const p = props.preview;
  if (p.openRemediationId) {
    return (
      <Alert severity="info">
        A remediation of this finding is in flight:{' '}
        <Link to={remediationHref(p.openRemediationId)}>follow it</Link>.
      </Alert>
    );
  }
  if (p.blockedReason) {
    return (
      <Alert severity="warning">Cannot remediate: {p.blockedReason}</Alert>
    );
  }
  return <RemediateButton findingId={p.findingId} />;
}

/**
 * The drawer's remediation block: what the engine would do for this
 * finding, the way to start it, and the remediations it already had.
 */
export function FindingRemediationSection(props: { findingId: string }) {
  const api = useApi(securityHubRemediationsApiRef);
  const preview = useAsync(
    () => api.preview(props.findingId),
    [api, props.findingId],
  );
  return (
    <Box data-testid="finding-remediation">
      {preview.loading && <Progress />}
      {preview.error && (
        <ResponseErrorPanel
          error={preview.error}
          title="Could not work out a remediation"
        />
      )}
      {preview.value && (
        <>
          <AutomationSummary preview={preview.value} />
          <Box mt={1.5}>
            <NextStep preview={preview.value} />
          </Box>
        </>
      )}
      <Box mt={2}>
        <Typography variant="subtitle2" component="h4">
          Remediations of this finding
        </Typography>
        <RemediationsList
          query={{ findingId: props.findingId }}
          hideAccount
          pageSize={5}
          emptyText="None yet."
        />
      </Box>
    </Box>
  );
}
