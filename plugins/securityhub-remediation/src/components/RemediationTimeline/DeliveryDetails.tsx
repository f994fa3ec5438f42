import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type {
  DeliveryMode,
  RemediationDetail,
} from '@internal/plugin-securityhub-remediation-common';
import { Fields } from '../FindingDetailDrawer/FindingDetailSections';
import { LocalLabel } from '../RemediationStatus';
import { formatTimestamp } from '../../format';
import { shortUserRef } from '../RemediationsList';

function Part(props: {
  title: string;
  mode?: DeliveryMode;
  children: ReactNode;
}) {
  return (
    <Box component="section" mt={2} data-testid={`delivery-${props.title}`}>
      <Box display="flex" alignItems="center">
        <Typography variant="subtitle1" component="h4">
          {props.title}
        </Typography>
        <LocalLabel mode={props.mode} />
      </Box>
      {props.children}
    </Box>
  );
}

function kv(record: Record<string, string>): string {
  const entries = Object.entries(record);
  return entries.length === 0
    ? '—'
    : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** What each stage produced: the commit, the pipeline, the deploy plan, the run, the check. */
export function DeliveryDetails(props: { remediation: RemediationDetail }) {
  const { repository, pipeline, approval, deploy, automation, verification } =
    props.remediation;
  return (
    <Box>
      {repository && (
        <Part title="Commit" mode={repository.mode}>
          <Fields
            entries={[
              {
                label: 'Commit',
                value: repository.url ? (
                  <Link to={repository.url}>{repository.commitId}</Link>
                ) : (
                  <code>{repository.commitId}</code>
                ),
              },
              {
                label: 'Repository',
                value: `${repository.name} (${repository.branch})`,
              },
              {
                label: 'Files',
                value: (
                  <Box component="ul" m={0} pl={2}>
                    {repository.files.map(f => (
                      <li key={f}>
                        <code>{f}</code>
                      </li>
                    ))}
                  </Box>
                ),
              },
            ]}
          />
        </Part>
      )}
      {pipeline && (
        <Part title="Pipeline" mode={pipeline.mode}>
          <Fields
            entries={[
              { label: 'Pipeline', value: pipeline.name },
              {
                label: 'Execution',
                value: pipeline.url ? (
                  <Link to={pipeline.url}>{pipeline.executionId}</Link>
                ) : (
                  <code>{pipeline.executionId}</code>
                ),
              },
            ]}
          />
        </Part>
      )}
      {approval && (
        <Part title="Decision">
          <Fields
            entries={[
              { label: 'Decision', value: approval.decision },
              { label: 'By', value: shortUserRef(approval.by) },
              { label: 'At', value: formatTimestamp(approval.at) },
              { label: 'Comment', value: approval.comment || '—' },
            ]}
          />
        </Part>
      )}
      {deploy && (
        <Part title="Deploy plan" mode={deploy.mode}>
          <Fields
            entries={[
              {
                label: deploy.deployment === 'stack-set' ? 'StackSet' : 'Stack',
                value: <code>{deploy.stackName}</code>,
              },
              { label: 'Accounts', value: deploy.accounts.join(', ') },
              { label: 'Regions', value: deploy.regions.join(', ') },
              { label: 'Parameters', value: kv(deploy.parameters) },
              {
                label: 'Applied',
                value: deploy.applied
                  ? 'Yes'
                  : 'No: planned only, nothing deployed',
              },
              { label: 'Stack id', value: deploy.stackId },
              { label: 'Operation id', value: deploy.operationId },
              { label: 'Note', value: deploy.note },
            ]}
          />
        </Part>
      )}
      {automation && (
        <Part title="Automation" mode={automation.mode}>
          <Fields
            entries={[
              {
                label: 'Document',
                value: <code>{automation.documentName}</code>,
              },
              {
                label: 'Execution',
                value: automation.url ? (
                  <Link to={automation.url}>{automation.executionId}</Link>
                ) : (
                  <code>{automation.executionId}</code>
                ),
              },
              { label: 'Status', value: automation.status },
              {
                label: 'Steps',
                value: automation.steps?.length ? (
                  <Box component="ol" m={0} pl={2}>
                    {automation.steps.map(step => (
                      <li key={step.name}>
                        <code>{step.name}</code> ({step.action}): {step.status}
                        {step.outputs ? ` — ${kv(step.outputs)}` : ''}
                      </li>
                    ))}
                  </Box>
                ) : undefined,
              },
            ]}
          />
        </Part>
      )}
      {verification && (
        <Part title="Verification" mode={verification.mode}>
          <Fields
            entries={[
              { label: 'Compliance', value: verification.complianceStatus },
              { label: 'Checked at', value: formatTimestamp(verification.at) },
              { label: 'Note', value: verification.note },
            ]}
          />
        </Part>
      )}
    </Box>
  );
}
