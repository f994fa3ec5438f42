import { useEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { AssistantMessage } from './AssistantMessage';
import type { ChatTurn } from './chatTranscript';

const useStyles = makeStyles(theme => ({
  list: {
    flex: 1,
    overflowY: 'auto',
    padding: theme.spacing(2),
  },
  user: {
    marginLeft: 'auto',
    maxWidth: '85%',
    width: 'fit-content',
    padding: theme.spacing(1, 1.5),
    margin: theme.spacing(1, 0),
    borderRadius: theme.shape.borderRadius * 2,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
}));

const SUGGESTIONS_WITHOUT_FINDING = [
  'Generate an automation for remediating the finding, database migration service replication instances should not be public',
  'How do I make S3 buckets require requests to use SSL?',
];
const SUGGESTIONS_WITH_FINDING = [
  'Generate an automation for remediating this finding',
  'Why is this finding failing, and how do I fix it?',
];

export interface MessageListProps {
  turns: ChatTurn[];
  streaming: boolean;
  findingId?: string;
  onSend: (text: string) => void;
  onRetry: () => void;
}

/** The conversation so far; keeps the newest text in view while it streams. */
export function MessageList(props: MessageListProps) {
  const { turns, streaming, findingId, onSend, onRetry } = props;
  const classes = useStyles();
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [turns]);

  if (!turns.length) {
    const suggestions = findingId
      ? SUGGESTIONS_WITH_FINDING
      : SUGGESTIONS_WITHOUT_FINDING;
    return (
      <Box className={classes.list}>
        <Typography variant="body1" paragraph>
          Ask about a Security Hub control or finding: which control it is,
          whether an AWS runbook fixes it, a validated template, or the manual
          steps when it cannot be automated.
        </Typography>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Try
        </Typography>
        <Box
          display="flex"
          flexDirection="column"
          alignItems="flex-start"
          style={{ gap: 8 }}
        >
          {suggestions.map(text => (
            <Button
              key={text}
              variant="outlined"
              size="small"
              style={{ textTransform: 'none', textAlign: 'left' }}
              onClick={() => onSend(text)}
            >
              {text}
            </Button>
          ))}
        </Box>
      </Box>
    );
  }

  const lastIndex = turns.length - 1;
  return (
    <div className={classes.list} ref={listRef} data-testid="chat-messages">
      {turns.map((turn, index) =>
        turn.role === 'user' ? (
          <Box
            key={turn.id}
            className={classes.user}
            aria-label="Your message"
            role="article"
            data-testid="chat-user-message"
          >
            <Typography variant="body2">{turn.text}</Typography>
          </Box>
        ) : (
          <AssistantMessage
            key={turn.id}
            turn={turn}
            findingId={findingId}
            onAnswer={index === lastIndex && !streaming ? onSend : undefined}
            onRetry={index === lastIndex && !streaming ? onRetry : undefined}
          />
        ),
      )}
    </div>
  );
}
