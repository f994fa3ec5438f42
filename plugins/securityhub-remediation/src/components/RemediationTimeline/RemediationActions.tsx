import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  securityHubRemediationApprovePermission,
  securityHubRemediationCreatePermission,
  type RemediationDetail,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubRemediationsApiRef } from '../../api';
import { DecisionDialog, type Decision } from './DecisionDialog';
import { decisionErrorMessage } from './decisionError';

/**
 * Approve / Reject while the remediation waits for approval, Retry when it
 * failed; each only for users holding the permission (others see nothing).
 */
export function RemediationActions(props: {
  remediation: RemediationDetail;
  onChange: (next: RemediationDetail) => void;
}) {
  const api = useApi(securityHubRemediationsApiRef);
  const approve = usePermission({
    permission: securityHubRemediationApprovePermission,
  });
  const create = usePermission({
    permission: securityHubRemediationCreatePermission,
  });
  const [decision, setDecision] = useState<Decision>();
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string>();
  const r = props.remediation;

  const canDecide =
    r.status === 'awaiting_approval' && !approve.loading && approve.allowed;
  const canRetry = r.status === 'failed' && !create.loading && create.allowed;
  if (!canDecide && !canRetry) return null;

  const retry = async () => {
    setRetrying(true);
    setRetryError(undefined);
    try {
      props.onChange(await api.retry(r.id));
    } catch (e) {
      setRetryError(decisionErrorMessage(e));
    } finally {
      setRetrying(false);
    }
  };

  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      {canDecide && (
        <>
          <Button
            variant="contained"
            color="primary"
            onClick={() => setDecision('approve')}
          >
            Approve
          </Button>
          <Button variant="outlined" onClick={() => setDecision('reject')}>
            Reject
          </Button>
        </>
      )}
      {canRetry && (
        <Button
          variant="contained"
          color="primary"
          onClick={retry}
          disabled={retrying}
        >
          Retry
        </Button>
      )}
      {retryError && (
        <Typography color="error" variant="body2" role="alert">
          {retryError}
        </Typography>
      )}
      {decision && (
        <DecisionDialog
          decision={decision}
          remediation={r}
          onClose={() => setDecision(undefined)}
          onDecided={next => {
            setDecision(undefined);
            props.onChange(next);
          }}
        />
      )}
    </Box>
  );
}
