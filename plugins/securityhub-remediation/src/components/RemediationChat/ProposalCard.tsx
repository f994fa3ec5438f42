import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  AutomationKind,
  ChatProposal,
} from '@internal/plugin-securityhub-remediation-common';
import { CodeActions, CodeBlock } from './CodeBlock';
import { RemediateButton } from './RemediateButton';
import { ValidationResult } from './ValidationResult';

/** How each kind of automation is labelled: a model-written one says so. */
export const AUTOMATION_KIND_LABELS: Record<AutomationKind, string> = {
  'aws-runbook': 'AWS runbook',
  curated: 'Curated automation',
  'model-written': 'Written by the model — review before use',
  'cannot-automate': 'Cannot be automated',
  'not-automated': 'No automation yet',
};

const useStyles = makeStyles(theme => ({
  card: { margin: theme.spacing(1, 0) },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  modelWritten: {
    backgroundColor: theme.palette.warning.light,
    color: theme.palette.warning.contrastText,
  },
  list: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(3) },
}));

/** A remediation the assistant proposes for a control. */
export function ProposalCard(props: {
  proposal: ChatProposal;
  /** Used when the proposal names no finding (the conversation's). */
  findingId?: string;
}) {
  const { proposal } = props;
  const classes = useStyles();
  const name = proposal.name ?? `remediation-${proposal.controlId}`;
  const titleId = `proposal-${name}-title`;
  const findingId = proposal.findingId ?? props.findingId;

  return (
    <Card
      variant="outlined"
      className={classes.card}
      component="section"
      aria-labelledby={titleId}
      data-testid="chat-proposal"
    >
      <CardContent>
        <Box className={classes.header}>
          <Typography variant="h6" component="h4" id={titleId}>
            {proposal.controlId} — {proposal.controlTitle}
          </Typography>
          <Chip
            size="small"
            label={AUTOMATION_KIND_LABELS[proposal.automationKind]}
            className={
              proposal.automationKind === 'model-written'
                ? classes.modelWritten
                : undefined
            }
          />
        </Box>
        {proposal.description && (
          <Typography variant="body2" paragraph>
            {proposal.description}
          </Typography>
        )}
        {proposal.runbook && (
          <Typography variant="body2" paragraph>
            Runs the AWS-owned runbook <code>{proposal.runbook}</code>.
          </Typography>
        )}
        {proposal.validation && (
          <ValidationResult
            validation={proposal.validation}
            rounds={proposal.rounds}
          />
        )}
        {!!proposal.missingParameters?.length && (
          <Box mt={1}>
            <Typography variant="subtitle2" component="h5">
              Parameters to fill in before deploying
            </Typography>
            <ul className={classes.list}>
              {proposal.missingParameters.map(p => (
                <li key={p.name}>
                  <Typography variant="body2">
                    <code>{p.name}</code>: {p.description}
                  </Typography>
                </li>
              ))}
            </ul>
          </Box>
        )}
        {proposal.templateYaml && (
          <Box mt={1}>
            <CodeBlock
              label={`${name}.yaml`}
              language="yaml"
              text={proposal.templateYaml}
            />
            <CodeActions
              what="template"
              fileName={`${name}.yaml`}
              mimeType="application/x-yaml"
              text={proposal.templateYaml}
            />
          </Box>
        )}
        {proposal.parametersJson && (
          <Box mt={1}>
            <CodeBlock
              label={`${name}-params.json`}
              language="json"
              text={proposal.parametersJson}
            />
            <CodeActions
              what="parameters"
              fileName={`${name}-params.json`}
              mimeType="application/json"
              text={proposal.parametersJson}
            />
          </Box>
        )}
        {proposal.reason && (
          <Box mt={1}>
            <Typography variant="subtitle2" component="h5">
              Why it cannot be automated
            </Typography>
            <Typography variant="body2">{proposal.reason}</Typography>
          </Box>
        )}
        {!!proposal.manualSteps?.length && (
          <Box mt={1}>
            <Typography variant="subtitle2" component="h5">
              Manual steps
            </Typography>
            <ol className={classes.list}>
              {proposal.manualSteps.map((step, i) => (
                <li key={i}>
                  <Typography variant="body2">{step}</Typography>
                </li>
              ))}
            </ol>
          </Box>
        )}
        {!!proposal.caveats?.length && (
          <Box mt={1}>
            <Typography variant="subtitle2" component="h5">
              Caveats
            </Typography>
            <ul className={classes.list}>
              {proposal.caveats.map((caveat, i) => (
                <li key={i}>
                  <Typography variant="body2">{caveat}</Typography>
                </li>
              ))}
            </ul>
          </Box>
        )}
      </CardContent>
      <CardActions>
        <RemediateButton findingId={findingId} />
      </CardActions>
    </Card>
  );
}
