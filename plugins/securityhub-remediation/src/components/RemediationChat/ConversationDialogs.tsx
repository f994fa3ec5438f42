import { useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  MAX_CONVERSATION_TITLE_CHARS,
  type ConversationSummary,
} from '@internal/plugin-securityhub-remediation-common';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function RenameConversationDialog(props: {
  conversation?: ConversationSummary;
  onClose: () => void;
  onRename: (id: string, title: string) => Promise<void>;
}) {
  const { conversation, onClose, onRename } = props;
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setTitle(conversation?.title ?? '');
    setError(undefined);
  }, [conversation]);

  const save = async () => {
    if (!conversation || !title.trim()) return;
    setSaving(true);
    try {
      await onRename(conversation.id, title.trim());
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={Boolean(conversation)}
      onClose={onClose}
      aria-labelledby="rename-conversation-title"
    >
      <form
        onSubmit={event => {
          event.preventDefault();
          save();
        }}
      >
        <DialogTitle id="rename-conversation-title">
          Rename conversation
        </DialogTitle>
        <DialogContent>
          <TextField
            id="rename-conversation-input"
            // The title is what the dialog is for: start there, all selected
            // (focus moving into a dialog that just opened is expected).
            // Selecting on focus, not when the open transition ends, cannot
            // swallow what the user has already typed.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
            onFocus={event => event.target.select()}
            fullWidth
            label="Title"
            value={title}
            onChange={event => setTitle(event.target.value)}
            inputProps={{ maxLength: MAX_CONVERSATION_TITLE_CHARS }}
            error={Boolean(error)}
            helperText={error}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            disabled={saving || !title.trim()}
          >
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

export function DeleteConversationDialog(props: {
  conversation?: ConversationSummary;
  onClose: () => void;
  onDelete: (id: string) => Promise<void>;
}) {
  const { conversation, onClose, onDelete } = props;
  const [error, setError] = useState<string>();
  const [deleting, setDeleting] = useState(false);

  useEffect(() => setError(undefined), [conversation]);

  const confirm = async () => {
    if (!conversation) return;
    setDeleting(true);
    try {
      await onDelete(conversation.id);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Dialog
      open={Boolean(conversation)}
      onClose={onClose}
      aria-labelledby="delete-conversation-title"
      aria-describedby="delete-conversation-text"
    >
      <DialogTitle id="delete-conversation-title">
        Delete conversation?
      </DialogTitle>
      <DialogContent>
        <DialogContentText id="delete-conversation-text">
          “{conversation?.title}” and its messages will be deleted. This cannot
          be undone.
        </DialogContentText>
        {error && (
          <Typography variant="body2" color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="secondary" onClick={confirm} disabled={deleting}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
