import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import EditOutlinedIcon from '@material-ui/icons/EditOutlined';
import type { ConversationSummary } from '@internal/plugin-securityhub-remediation-common';
import { RelativeTime } from '../RelativeTime';
import {
  DeleteConversationDialog,
  RenameConversationDialog,
} from './ConversationDialogs';

const useStyles = makeStyles(theme => ({
  item: {
    paddingRight: theme.spacing(11),
  },
  title: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
}));

export interface ConversationListProps {
  conversations?: ConversationSummary[];
  error?: Error;
  activeId?: string;
  onSelect: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

/** The user's past conversations: resume, rename, delete, or start anew. */
export function ConversationList(props: ConversationListProps) {
  const { conversations, error, activeId } = props;
  const classes = useStyles();
  const [renaming, setRenaming] = useState<ConversationSummary>();
  const [deleting, setDeleting] = useState<ConversationSummary>();

  return (
    <Box p={1}>
      <Button
        fullWidth
        variant="outlined"
        color="primary"
        startIcon={<AddIcon />}
        onClick={props.onNew}
      >
        New conversation
      </Button>
      <Typography
        variant="overline"
        component="h3"
        id="chat-conversations-heading"
        style={{ display: 'block', marginTop: 8 }}
      >
        Past conversations
      </Typography>
      {error && (
        <Typography variant="body2" color="error">
          Could not load conversations: {error.message}
        </Typography>
      )}
      {conversations && !conversations.length && (
        <Typography variant="body2" color="textSecondary">
          None yet.
        </Typography>
      )}
      <List dense aria-labelledby="chat-conversations-heading" disablePadding>
        {conversations?.map(conversation => (
          <ListItem
            key={conversation.id}
            button
            selected={conversation.id === activeId}
            aria-current={conversation.id === activeId ? 'true' : undefined}
            onClick={() => props.onSelect(conversation.id)}
            className={classes.item}
            data-testid="chat-conversation"
          >
            <ListItemText
              primary={conversation.title}
              primaryTypographyProps={{
                className: classes.title,
                title: conversation.title,
              }}
              secondary={<RelativeTime value={conversation.updatedAt} />}
            />
            <ListItemSecondaryAction>
              <IconButton
                size="small"
                aria-label={`Rename ${conversation.title}`}
                onClick={() => setRenaming(conversation)}
              >
                <EditOutlinedIcon fontSize="small" />
              </IconButton>
              <IconButton
                size="small"
                aria-label={`Delete ${conversation.title}`}
                onClick={() => setDeleting(conversation)}
              >
                <DeleteOutlineIcon fontSize="small" />
              </IconButton>
            </ListItemSecondaryAction>
          </ListItem>
        ))}
      </List>
      <RenameConversationDialog
        conversation={renaming}
        onClose={() => setRenaming(undefined)}
        onRename={props.onRename}
      />
      <DeleteConversationDialog
        conversation={deleting}
        onClose={() => setDeleting(undefined)}
        onDelete={props.onDelete}
      />
    </Box>
  );
}
