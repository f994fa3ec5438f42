import Typography from '@material-ui/core/Typography';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  securityHubFindingUpdatePermission,
  type Finding,
} from '@internal/plugin-securityhub-remediation-common';
import { FindingTriageForm } from './FindingTriageForm';
import { Section } from './FindingDetailSections';

export interface FindingTriageProps {
  finding: Finding;
  /** After a save, so the drawer and the list show the new state. */
  onTriaged: () => void;
}

/**
 * The drawer's "Triage" section: set the workflow status and add a note.
 * Shown only to users with `securityhub.finding.update` for this finding.
 */
export function FindingTriage(props: FindingTriageProps) {
  const { finding } = props;
  const update = usePermission({
    permission: securityHubFindingUpdatePermission,
    resourceRef: finding.id,
  });
  if (!update.allowed) return null;
  return (
    <Section title="Triage">
      <Typography variant="body2" color="textSecondary" paragraph>
        Changes the workflow status in Security Hub; the note replaces the
        finding’s current note.
      </Typography>
      <FindingTriageForm
        // A new form per finding; after a save it keeps showing the outcome.
        key={finding.id}
        findingIds={[finding.id]}
        initialStatus={finding.workflowStatus}
        onSaved={props.onTriaged}
        label="this finding"
      />
    </Section>
  );
}
