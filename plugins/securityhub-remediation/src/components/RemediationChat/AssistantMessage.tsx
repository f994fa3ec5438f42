import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ReplayIcon from '@material-ui/icons/Replay';
import Alert from '@material-ui/lab/Alert';
import { MarkdownContent } from '@backstage/core-components';
import type { AssistantTurn } from './chatTranscript';
import { Citations } from './Citations';
import { ProposalCard } from './ProposalCard';
import { QuestionPrompt } from './QuestionPrompt';
import { ToolSteps } from './ToolSteps';

const useStyles = makeStyles(theme => ({
  answer: {
    padding: theme.spacing(1, 0),
    // Markdown headings of an answer sit below the panel's own.
    '& h1, & h2, & h3': { fontSize: '1.1rem' },
    '& pre': { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  },
}));

export interface AssistantMessageProps {
  turn: AssistantTurn;
  /** The conversation's finding, for proposals that name none. */
  findingId?: string;
  /** Present on the last answer only, when nothing is streaming. */
  onAnswer?: (value: string) => void;
  onRetry?: () => void;
}

/**
 * One answer as it streams: markdown text, the steps run, proposals and
 * questions in the order they came, then the sources and any error. The
 * region is polite-live and busy while streaming, so a screen reader reads
 * the answer once it is complete.
 */
export function AssistantMessage(props: AssistantMessageProps) {
  const { turn, findingId, onAnswer, onRetry } = props;
  const classes = useStyles();
  const streaming = turn.status === 'streaming';

  return (
    <Box
      className={classes.answer}
      aria-live="polite"
      aria-busy={streaming}
      aria-label="Answer of the remediation assistant"
      role="article"
      data-testid="chat-answer"
      data-status={turn.status}
    >
      {turn.parts.map((part, i) => {
        switch (part.kind) {
          case 'text':
            return (
              <MarkdownContent
                key={i}
                content={part.text}
                dialect="gfm"
                linkTarget="_blank"
              />
            );
          case 'tools':
            return <ToolSteps key={i} steps={part.steps} />;
          case 'proposal':
            return (
              <ProposalCard
                key={i}
                proposal={part.proposal}
                findingId={findingId}
              />
            );
          case 'question':
            return (
              <QuestionPrompt
                key={i}
                question={part.question}
                onAnswer={onAnswer}
              />
            );
          default:
            return null;
        }
      })}
      {streaming && (
        <Box my={1}>
          <LinearProgress aria-label="The assistant is answering" />
        </Box>
      )}
      <Citations citations={turn.citations} />
      {turn.status === 'stopped' && (
        <Typography variant="caption" color="textSecondary" component="p">
          Stopped before the answer finished.
        </Typography>
      )}
      {turn.error && (
        <Alert
          severity="error"
          data-testid="chat-error"
          action={
            turn.error.retryable && onRetry ? (
              <Button
                color="inherit"
                size="small"
                startIcon={<ReplayIcon />}
                onClick={onRetry}
              >
                Retry
              </Button>
            ) : undefined
          }
        >
          {turn.error.message}
          {!turn.error.retryable && (
            <Typography variant="caption" component="div">
              Sending the same message again will not help.
            </Typography>
          )}
        </Alert>
      )}
    </Box>
  );
}
