import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { usePermission } from '@backstage/plugin-permission-react';
import { securityHubFindingUpdatePermission } from '@internal/plugin-securityhub-remediation-common';
import { FindingTriageForm } from './FindingTriageForm';

export interface FindingTriageBulkBarProps {
  /** Ids of the selected rows. */
  selectedIds: string[];
  onClear: () => void;
  /** After a save, so the list and the counts show the new state. */
  onTriaged: () => void;
}

/**
 * Sets the status and/or adds a note on every selected finding at once.
 * Shown while rows are selected; the backend checks the permission per
 * finding and reports those it could not update.
 */
export function FindingTriageBulkBar(props: FindingTriageBulkBarProps) {
  const { selectedIds } = props;
  // Asked for one selected finding: a user without the permission anywhere
  // is not offered a form that would only fail.
  const update = usePermission({
    permission: securityHubFindingUpdatePermission,
    resourceRef: selectedIds[0],
  });
  if (selectedIds.length === 0) return null;
  const count = `${selectedIds.length} finding${
    selectedIds.length === 1 ? '' : 's'
  } selected`;
  return (
    <Paper
      variant="outlined"
      role="region"
      aria-label="Triage selected findings"
    >
      <Box p={2} display="flex" flexDirection="column" style={{ gap: 12 }}>
        <Box display="flex" alignItems="center" style={{ gap: 12 }}>
          <Typography variant="subtitle1">{count}</Typography>
          <Button size="small" onClick={props.onClear}>
            Clear selection
          </Button>
        </Box>
        {update.allowed ? (
          <FindingTriageForm
            findingIds={selectedIds}
            onSaved={props.onTriaged}
            label="selected findings"
          />
        ) : (
          !update.loading && (
            <Typography variant="body2" color="textSecondary">
              You are not allowed to triage these findings.
            </Typography>
          )
        )}
      </Box>
    </Paper>
  );
}
