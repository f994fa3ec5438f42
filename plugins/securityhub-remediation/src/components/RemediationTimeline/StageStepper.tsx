import Box from '@material-ui/core/Box';
import Step from '@material-ui/core/Step';
import StepContent from '@material-ui/core/StepContent';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import {
  REMEDIATION_STAGES,
  type RemediationStage,
  type RemediationStageName,
} from '@internal/plugin-securityhub-remediation-common';
import { formatTimestamp } from '../../format';
import { LocalLabel, RemediationStatusChip } from '../RemediationStatus';

const STAGE_TITLES: Record<RemediationStageName, string> = {
  generate: 'Generate',
  stage: 'Stage',
  validate: 'Validate',
  approval: 'Approval',
  deploy: 'Deploy',
  run: 'Run',
  verify: 'Verify',
};

function StageTimes(props: { stage: RemediationStage }) {
  const { startedAt, endedAt, attempts } = props.stage;
  if (!startedAt && !endedAt) return null;
  return (
    <Typography variant="caption" color="textSecondary" component="div">
      {startedAt && `Started ${formatTimestamp(startedAt)}`}
      {endedAt && ` · ended ${formatTimestamp(endedAt)}`}
      {attempts && attempts > 1 ? ` · ${attempts} attempts` : ''}
    </Typography>
  );
}

/** The seven stages in order, each with its status, times and outcome. */
export function StageStepper(props: { stages: RemediationStage[] }) {
  const byName = new Map(props.stages.map(s => [s.name, s]));
  const stages = REMEDIATION_STAGES.map(
    name => byName.get(name) ?? { name, status: 'pending' as const },
  );
  const active = stages.findIndex(
    s => s.status === 'in_progress' || s.status === 'failed',
  );
  return (
    <Stepper orientation="vertical" activeStep={active} nonLinear>
      {stages.map(stage => (
        <Step
          key={stage.name}
          expanded
          completed={stage.status === 'succeeded'}
          data-testid={`stage-${stage.name}`}
        >
          <StepLabel
            error={stage.status === 'failed' || stage.status === 'rejected'}
          >
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <span>{STAGE_TITLES[stage.name]}</span>
              <RemediationStatusChip status={stage.status} kind="stage" />
              <LocalLabel mode={stage.mode} />
            </Box>
          </StepLabel>
          <StepContent>
            <StageTimes stage={stage} />
            {stage.summary && (
              <Typography variant="body2">{stage.summary}</Typography>
            )}
            {stage.error && (
              <Typography variant="body2" color="error">
                {stage.error}
              </Typography>
            )}
          </StepContent>
        </Step>
      ))}
    </Stepper>
  );
}
