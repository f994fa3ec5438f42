import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import ChatOutlinedIcon from '@material-ui/icons/ChatOutlined';
import {
  CopyTextButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';
import { ComplianceStatusLabel } from '../FindingsTable';
import { FindingRemediationSection } from '../FindingRemediation';
import { RemediationChatDrawer } from '../RemediationChat';
import { SeverityChip } from '../SeverityChip';
import { safeExternalUrl, statusReasonsOf } from './asffDetails';
import { FindingLinks } from './FindingLinks';
import { FindingTriage } from './FindingTriage';
import {
  Fields,
  ResourceList,
  Section,
  Timeline,
} from './FindingDetailSections';

const useStyles = makeStyles(theme => ({
  paper: {
    width: 720,
    maxWidth: '100vw',
  },
  content: {
    padding: theme.spacing(3),
  },
  raw: {
    maxHeight: 480,
    overflow: 'auto',
    margin: 0,
    padding: theme.spacing(1.5),
    fontSize: '0.75rem',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

export interface FindingDetailDrawerProps {
  /** The finding to show (from the list row); undefined closes the drawer. */
  finding?: Finding;
  onClose: () => void;
  /** After the finding was triaged from the drawer (refresh the list). */
  onTriaged?: () => void;
}

/**
 * Everything about one finding. The list row is shown at once; the detail
 * request adds the status reasons and the raw ASFF document.
 */
export function FindingDetailDrawer(props: FindingDetailDrawerProps) {
  const classes = useStyles();
  return (
    <Drawer
      anchor="right"
      open={Boolean(props.finding)}
      onClose={props.onClose}
      PaperProps={{ className: classes.paper }}
    >
      {props.finding && (
        <FindingDetail
          finding={props.finding}
          onClose={props.onClose}
          onTriaged={props.onTriaged}
        />
      )}
    </Drawer>
  );
}

function FindingDetail(props: {
  finding: Finding;
  onClose: () => void;
  onTriaged?: () => void;
}) {
  const classes = useStyles();
  const api = useApi(securityHubFindingsApiRef);
  const detail = useAsyncRetry(
    () => api.getFinding(props.finding.id),
    [api, props.finding.id],
  );
  const finding = detail.value ?? props.finding;
  const reasons = statusReasonsOf(detail.value?.raw);
  const remediationUrl = safeExternalUrl(finding.remediationUrl);
  const titleId = 'finding-detail-title';
  const [chatOpen, setChatOpen] = useState(false);

  return (
    <Box
      className={classes.content}
      data-testid="finding-detail-drawer"
      role="region"
      aria-labelledby={titleId}
    >
      <Box display="flex" alignItems="flex-start" style={{ gap: 12 }}>
        <Box flexGrow={1}>
          <SeverityChip severity={finding.severity} />
          <Typography variant="h5" component="h2" id={titleId}>
            {finding.title}
          </Typography>
        </Box>
        <IconButton aria-label="Close finding details" onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      </Box>
      {finding.description && (
        <Typography variant="body2" color="textSecondary">
          {finding.description}
        </Typography>
      )}
      <FindingLinks finding={finding} />

      <Section title="Status">
        <Fields
          entries={[
            { label: 'Control', value: finding.controlId },
            {
              label: 'Compliance',
              value: (
                <>
                  <ComplianceStatusLabel status={finding.complianceStatus} />
                  {reasons.map(reason => (
                    <Typography
                      key={reason.reasonCode}
                      variant="caption"
                      component="div"
                    >
                      <strong>{reason.reasonCode}</strong>
                      {reason.description ? `: ${reason.description}` : ''}
                    </Typography>
                  ))}
                </>
              ),
            },
            { label: 'Workflow', value: finding.workflowStatus },
            { label: 'Record state', value: finding.recordState },
            { label: 'Account', value: finding.awsAccountId },
            { label: 'Region', value: finding.region },
            { label: 'Generator', value: finding.generatorId },
            { label: 'Source', value: finding.sourceId },
          ]}
        />
      </Section>

      <FindingTriage
        finding={finding}
        onTriaged={() => {
          detail.retry();
          props.onTriaged?.();
        }}
      />

      <Section title="Remediation">
        <FindingRemediationSection findingId={finding.id} />
        {remediationUrl && (
          <Box mt={1.5}>
            <Link
              href={remediationUrl}
              target="_blank"
              rel="noopener noreferrer"
            >
              Remediation guide from AWS (opens in a new tab)
            </Link>
          </Box>
        )}
        <Box mt={1.5}>
          <Button
            variant="outlined"
            color="primary"
            startIcon={<ChatOutlinedIcon />}
            onClick={() => setChatOpen(true)}
          >
            Ask about this finding
          </Button>
        </Box>
        <RemediationChatDrawer
          open={chatOpen}
          onClose={() => setChatOpen(false)}
          findingId={finding.id}
          findingTitle={finding.title}
        />
      </Section>

      <Section title={`Resources (${finding.resources.length})`}>
        <ResourceList resources={finding.resources} />
      </Section>

      <Section title="Timeline">
        <Timeline finding={finding} />
      </Section>

      <Divider style={{ marginTop: 24 }} />
      <Section title="Raw ASFF">
        {detail.loading && <Progress />}
        {detail.error && (
          <ResponseErrorPanel
            error={detail.error}
            title="Could not load the finding"
          />
        )}
        {detail.value && (
          <RawJson value={detail.value.raw} className={classes.raw} />
        )}
      </Section>
    </Box>
  );
}

function RawJson(props: { value: unknown; className: string }) {
  const json = JSON.stringify(props.value, null, 2);
  return (
    <Box position="relative">
      <Box position="absolute" top={4} right={20}>
        <CopyTextButton
          text={json}
          aria-label="Copy raw ASFF JSON"
          tooltipText="ASFF JSON copied"
        />
      </Box>
      {/* Focusable so keyboard users can scroll it (WCAG 2.1.1). */}
      <pre
        className={props.className}
        data-testid="finding-raw-json"
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        aria-label="Raw ASFF JSON"
      >
        {json}
      </pre>
    </Box>
  );
}
