import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import {
  MAX_APPROVAL_COMMENT_CHARS,
  type RemediationDetail,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubRemediationsApiRef } from '../../api';
import { decisionErrorMessage } from './decisionError';

export type Decision = 'approve' | 'reject';

/**
 * Approve or reject with a comment (a rejection needs one). Sends the
 * approval token the approver saw, so a stale page cannot decide.
 */
export function DecisionDialog(props: {
  decision: Decision;
  remediation: RemediationDetail;
  onClose: () => void;
  onDecided: (next: RemediationDetail) => void;
}) {
  const api = useApi(securityHubRemediationsApiRef);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const approving = props.decision === 'approve';
  const commentMissing = !approving && comment.trim().length === 0;

  const submit = async () => {
    setSending(true);
    setError(undefined);
    try {
      const next = await api.decide(props.remediation.id, {
        decision: props.decision,
        comment: comment.trim(),
        approvalToken: props.remediation.approvalToken ?? '',
      });
      props.onDecided(next);
    } catch (e) {
      setError(decisionErrorMessage(e));
    } finally {
      setSending(false);
    }
  };

  const title = approving ? 'Approve remediation' : 'Reject remediation';
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby="decision-title"
      fullWidth
    >
      <DialogTitle id="decision-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {approving
            ? `Deploys ${props.remediation.templateName} and runs its automation.`
            : 'Stops the remediation; nothing is deployed.'}
        </DialogContentText>
        <TextField
          id="decision-comment"
          label={approving ? 'Comment (optional)' : 'Why it is rejected'}
          value={comment}
          onChange={e => setComment(e.target.value)}
          required={!approving}
          multiline
          minRows={3}
          fullWidth
          variant="outlined"
          inputProps={{ maxLength: MAX_APPROVAL_COMMENT_CHARS }}
        />
        {error && (
          <Alert severity="error" style={{ marginTop: 16 }} role="alert">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={sending || commentMissing}
        >
          {approving ? 'Approve' : 'Reject'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
