import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  CHAT_TOOL_LABELS,
  isChatToolName,
  type ChatToolStep,
} from '@internal/plugin-securityhub-remediation-common';

const useStyles = makeStyles(theme => ({
  step: {
    '&:before': { display: 'none' },
    boxShadow: 'none',
    border: `1px solid ${theme.palette.divider}`,
    '&$expanded': { margin: 0 },
  },
  expanded: {},
  summary: {
    minHeight: 36,
    '&$expanded': { minHeight: 36 },
    '& > div': { margin: theme.spacing(0.5, 0), alignItems: 'center', gap: 8 },
  },
  pre: {
    margin: 0,
    padding: theme.spacing(1),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    fontSize: '0.75rem',
    backgroundColor: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
    maxHeight: 240,
    overflow: 'auto',
  },
}));

/** The label of an action: ours by name, a Bedrock trace step by its suffix. */
export function toolLabel(name: string): string {
  if (isChatToolName(name)) return CHAT_TOOL_LABELS[name];
  if (name.startsWith('trace:')) return name.slice('trace:'.length);
  return name;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The actions the agent ran for an answer, each collapsed to one line. */
export function ToolSteps(props: { steps: ChatToolStep[] }) {
  const classes = useStyles();
  return (
    <Box my={1} role="group" aria-label="Steps the assistant ran">
      {props.steps.map(step => {
        const failed = step.status === 'failed';
        const label = toolLabel(step.name);
        return (
          <Accordion
            key={step.id}
            classes={{ root: classes.step, expanded: classes.expanded }}
            TransitionProps={{ unmountOnExit: true }}
            data-testid="chat-tool-step"
          >
            <AccordionSummary
              expandIcon={<ExpandMoreIcon />}
              classes={{ root: classes.summary, expanded: classes.expanded }}
              aria-label={`${label}, ${
                failed ? 'failed' : 'succeeded'
              }, ${formatDuration(step.durationMs)}`}
            >
              {failed ? (
                <ErrorOutlineIcon color="error" fontSize="small" />
              ) : (
                <CheckCircleOutlineIcon color="action" fontSize="small" />
              )}
              <Typography variant="body2">{label}</Typography>
              {failed && (
                <Typography variant="caption" color="error">
                  failed
                </Typography>
              )}
              <Typography variant="caption" color="textSecondary">
                {formatDuration(step.durationMs)}
              </Typography>
            </AccordionSummary>
            <AccordionDetails style={{ display: 'block' }}>
              <Typography variant="caption" component="h4">
                Input
              </Typography>
              <pre className={classes.pre}>
                {JSON.stringify(step.input, null, 2)}
              </pre>
              {step.result && (
                <>
                  <Typography variant="caption" component="h4">
                    Result
                  </Typography>
                  <pre className={classes.pre}>{step.result}</pre>
                </>
              )}
              {step.error && (
                <Typography variant="body2" color="error">
                  {step.error}
                </Typography>
              )}
            </AccordionDetails>
          </Accordion>
        );
      })}
    </Box>
  );
}
