import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { RemediationDetail } from '@internal/plugin-securityhub-remediation-common';
import { Fields } from '../FindingDetailDrawer/FindingDetailSections';
import {
  RemediationStatusChip,
  automationKindLabel,
} from '../RemediationStatus';
import { shortUserRef } from '../RemediationsList';
import { formatTimestamp } from '../../format';

export const LOCAL_MODE_BANNER =
  'Local mode: the pipeline plans the deploy and the runner records the automation; nothing is changed in AWS';

/** True when any part of the delivery ran on a local adapter. */
export function isLocalDelivery(r: RemediationDetail): boolean {
  return [
    r.repository?.mode,
    r.pipeline?.mode,
    r.deploy?.mode,
    r.automation?.mode,
    r.verification?.mode,
    ...r.stages.map(s => s.mode),
  ].includes('local');
}

/** Which finding a remediation fixes, how, and who asked for it. */
export function RemediationHeader(props: { remediation: RemediationDetail }) {
  const r = props.remediation;
  return (
    <Box>
      <Box display="flex" alignItems="center" style={{ gap: 12 }}>
        <Typography variant="h5" component="h2">
          {r.controlId}: {r.controlTitle}
        </Typography>
        <RemediationStatusChip status={r.status} />
      </Box>
      {isLocalDelivery(r) && (
        <Box my={1.5}>
          <Alert severity="info">{LOCAL_MODE_BANNER}</Alert>
        </Box>
      )}
      <Fields
        entries={[
          { label: 'Finding', value: <code>{r.findingId}</code> },
          { label: 'Resource', value: r.resourceId },
          {
            label: 'Account / region',
            value: `${r.awsAccountId} / ${r.region}`,
          },
          { label: 'Automation', value: automationKindLabel(r.automationKind) },
          { label: 'Template', value: <code>{r.templateName}</code> },
          { label: 'Submitted by', value: shortUserRef(r.submittedBy) },
          { label: 'Submitted at', value: formatTimestamp(r.createdAt) },
        ]}
      />
    </Box>
  );
}
