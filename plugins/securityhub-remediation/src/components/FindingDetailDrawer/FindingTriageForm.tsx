import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  TRIAGE_NOTE_MAX_LENGTH,
  WORKFLOW_STATUSES,
  type FindingsTriageResponse,
  type WorkflowStatus,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';

export interface FindingTriageFormProps {
  findingIds: string[];
  /** The status shown first (the finding's own, in the drawer). */
  initialStatus?: WorkflowStatus;
  /** After a save that updated at least one finding. */
  onSaved?: (response: FindingsTriageResponse) => void;
  /** Names the fields for assistive technology when several forms are on a page. */
  label: string;
}

/** What to tell the user when the backend refuses the triage: its own message. */
function triageErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const reason = ResponseError.is(error)
    ? error.cause?.message || error.message
    : error.message;
  const status = (error as { statusCode?: number }).statusCode;
  return status === 403 ? `Not allowed: ${reason}` : reason;
}

/**
 * Workflow status and note for one or more findings, saved to Security Hub
 * through the backend. The outcome of each finding that failed is listed.
 */
export function FindingTriageForm(props: FindingTriageFormProps) {
  const api = useApi(securityHubFindingsApiRef);
  const [status, setStatus] = useState<WorkflowStatus | ''>(
    props.initialStatus ?? '',
  );
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<FindingsTriageResponse>();
  const [error, setError] = useState<string>();

  const statusChanged = status !== '' && status !== props.initialStatus;
  const trimmedNote = note.trim();
  const canSave =
    !saving &&
    props.findingIds.length > 0 &&
    (statusChanged || trimmedNote.length > 0) &&
    note.length <= TRIAGE_NOTE_MAX_LENGTH;

  const save = async () => {
    setSaving(true);
    setError(undefined);
    setResult(undefined);
    try {
      const response = await api.triageFindings({
        findingIds: props.findingIds,
        workflowStatus: statusChanged ? (status as WorkflowStatus) : undefined,
        note: trimmedNote || undefined,
      });
      setResult(response);
      if (response.updated > 0) {
        setNote('');
        props.onSaved?.(response);
      }
    } catch (e) {
      setError(triageErrorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const failures = result?.results.filter(r => r.status === 'failed') ?? [];
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      <TextField
        select
        label="Workflow status"
        variant="outlined"
        size="small"
        value={status}
        onChange={event => setStatus(event.target.value as WorkflowStatus)}
        SelectProps={{
          SelectDisplayProps: {
            // The value shown is part of the name, as WCAG 2.5.3 asks.
            'aria-label': `Workflow status, ${props.label}: ${
              status || 'Keep as is'
            }`,
          },
        }}
        style={{ maxWidth: 240 }}
      >
        {props.initialStatus === undefined && (
          <MenuItem value="">Keep as is</MenuItem>
        )}
        {WORKFLOW_STATUSES.map(value => (
          <MenuItem key={value} value={value}>
            {value}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        label="Note"
        variant="outlined"
        size="small"
        multiline
        minRows={2}
        value={note}
        onChange={event => setNote(event.target.value)}
        inputProps={{ 'aria-label': `Note, ${props.label}` }}
        error={note.length > TRIAGE_NOTE_MAX_LENGTH}
        helperText={`${note.length}/${TRIAGE_NOTE_MAX_LENGTH} · saved in Security Hub with your name`}
      />
      <Box>
        <Button
          variant="contained"
          color="primary"
          disabled={!canSave}
          onClick={save}
        >
          {saving ? 'Saving…' : 'Save'}
        </Button>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      {result && failures.length === 0 && (
        <Alert severity="success">
          Saved: {result.updated} finding{result.updated === 1 ? '' : 's'}{' '}
          updated.
        </Alert>
      )}
      {result && failures.length > 0 && (
        <Alert severity={result.updated > 0 ? 'warning' : 'error'}>
          {result.updated} updated, {result.failed} not updated:
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {failures.map(f => (
              <li key={f.findingId}>
                {f.findingId}: {f.reason}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </Box>
  );
}
