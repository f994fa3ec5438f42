import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import { MessageList } from './MessageList';
import { useChatSession } from './useChatSession';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    height: '100%',
    minHeight: 0,
  },
  conversations: {
    width: 260,
    flexShrink: 0,
    overflowY: 'auto',
    borderRight: `1px solid ${theme.palette.divider}`,
    [theme.breakpoints.down('xs')]: { display: 'none' },
  },
  chat: {
    flex: 1,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5, 2),
  },
  // A row of its own: the context chips wrap below instead of cutting it.
  title: {
    flexBasis: '100%',
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
}));

export interface RemediationChatProps {
  /** New conversations are about this finding (read as the user). */
  findingId?: string;
  /** Shown as the context of a new conversation. */
  findingTitle?: string;
}

/**
 * The remediation assistant: past conversations on the side, the streamed
 * conversation and the message box.
 */
export function RemediationChat(props: RemediationChatProps) {
  const classes = useStyles();
  const session = useChatSession({ findingId: props.findingId });
  const titleId = 'remediation-chat-title';
  const aboutPanelFinding =
    session.findingId && session.findingId === props.findingId;

  return (
    <div className={classes.root} data-testid="remediation-chat">
      <nav className={classes.conversations} aria-label="Conversations">
        <ConversationList
          conversations={session.conversations}
          error={session.listError}
          activeId={session.active?.id}
          onSelect={session.select}
          onNew={session.startNew}
          onRename={session.rename}
          onDelete={session.remove}
        />
      </nav>
      <section className={classes.chat} aria-labelledby={titleId}>
        <Box className={classes.header}>
          <Typography
            variant="h6"
            component="h2"
            id={titleId}
            className={classes.title}
            title={session.active?.title}
          >
            {session.active?.title ?? 'New conversation'}
          </Typography>
          {session.agent === 'local' && (
            <Chip size="small" variant="outlined" label="Local agent" />
          )}
          {session.findingId && (
            <Chip
              size="small"
              color="primary"
              variant="outlined"
              label={`About finding: ${
                (aboutPanelFinding && props.findingTitle) || session.findingId
              }`}
              title={session.findingId}
              style={{ maxWidth: '45%' }}
            />
          )}
        </Box>
        <Divider />
        {session.loading && <Progress />}
        {session.loadError ? (
          <Box p={2}>
            <ResponseErrorPanel
              error={session.loadError}
              title="Could not load the conversation"
            />
          </Box>
        ) : (
          <MessageList
            turns={session.turns}
            streaming={session.streaming}
            findingId={session.findingId}
            onSend={session.send}
            onRetry={session.retry}
          />
        )}
        <Divider />
        <Composer
          streaming={session.streaming}
          onSend={session.send}
          onStop={session.stop}
        />
      </section>
    </div>
  );
}
