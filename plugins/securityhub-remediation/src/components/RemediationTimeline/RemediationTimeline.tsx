import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { REMEDIATIONS_PATH } from '../../remediationLinks';
import { ChangePreviewView } from '../ChangePreview';
import { ValidationResult } from '../RemediationChat/ValidationResult';
import { DeliveryDetails } from './DeliveryDetails';
import { EventsList } from './EventsList';
import { RemediationActions } from './RemediationActions';
import { RemediationHeader } from './RemediationHeader';
import { StageStepper } from './StageStepper';
import { StagedFiles } from './StagedFiles';
import { useLiveRemediation } from './useLiveRemediation';

function Block(props: { title: string; children: ReactNode }) {
  return (
    <Paper style={{ padding: 16, marginTop: 16 }} component="section">
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Paper>
  );
}

/**
 * One remediation from submission to verified fix, kept live while it is
 * in flight, with the approver's and the submitter's actions.
 */
export function RemediationTimeline(props: { id: string; pollMs?: number }) {
  const { detail, error, replace } = useLiveRemediation(props.id, props.pollMs);

  if (!detail) {
    return error ? (
      <ResponseErrorPanel
        error={error}
        title="Could not load the remediation"
      />
    ) : (
      <Progress />
    );
  }
  return (
    <Box>
      <Box mb={1}>
        <Link to={REMEDIATIONS_PATH}>All remediations</Link>
      </Box>
      <Paper style={{ padding: 16 }}>
        <RemediationHeader remediation={detail} />
        <RemediationActions remediation={detail} onChange={replace} />
        {error && (
          <Typography variant="caption" color="error">
            Could not refresh: {error.message}
          </Typography>
        )}
      </Paper>
      <Block title="Stages">
        <StageStepper stages={detail.stages} />
        {detail.error && (
          <Typography color="error" variant="body2">
            Failed at {detail.error.stage} after {detail.error.attempts} attempt
            {detail.error.attempts === 1 ? '' : 's'}: {detail.error.message}
          </Typography>
        )}
      </Block>
      <Block title="Delivery">
        <DeliveryDetails remediation={detail} />
        {!detail.repository && !detail.deploy && (
          <Typography variant="body2" color="textSecondary">
            Nothing delivered yet.
          </Typography>
        )}
      </Block>
      {(detail.changePreview || detail.validation) && (
        <Block title="Reviewed change">
          {detail.validation && (
            <ValidationResult validation={detail.validation} />
          )}
          {detail.changePreview && (
            <ChangePreviewView preview={detail.changePreview} />
          )}
        </Block>
      )}
      <Block title="Staged files">
        <StagedFiles
          templateName={detail.templateName}
          templateYaml={detail.templateYaml}
          parametersJson={detail.parametersJson}
        />
      </Block>
      <Block title="Events">
        <EventsList events={detail.events} />
      </Block>
    </Box>
  );
}
