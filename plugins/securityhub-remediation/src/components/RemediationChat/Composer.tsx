import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import SendIcon from '@material-ui/icons/Send';
import StopIcon from '@material-ui/icons/Stop';
import { MAX_CHAT_MESSAGE_CHARS } from '@internal/plugin-securityhub-remediation-common';

export interface ComposerProps {
  streaming: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
}

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer(props: ComposerProps) {
  const { streaming, onSend, onStop } = props;
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  // The box is disabled while streaming, which drops focus; give it back.
  useEffect(() => {
    const active = document.activeElement;
    if (!streaming && (!active || active === document.body)) {
      inputRef.current?.focus();
    }
  }, [streaming]);

  const submit = () => {
    if (streaming || !text.trim()) return;
    onSend(text);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (
      event.key === 'Enter' &&
      !event.shiftKey &&
      !event.nativeEvent.isComposing
    ) {
      event.preventDefault();
      submit();
    }
  };
  const nearLimit = text.length > MAX_CHAT_MESSAGE_CHARS * 0.9;

  return (
    <Box
      component="form"
      display="flex"
      alignItems="flex-start"
      p={2}
      style={{ gap: 8 }}
      onSubmit={event => {
        event.preventDefault();
        submit();
      }}
    >
      <TextField
        id={`${id}-message`}
        label="Message"
        placeholder="Ask about a control or finding"
        variant="outlined"
        size="small"
        multiline
        minRows={1}
        maxRows={8}
        fullWidth
        value={text}
        onChange={event => setText(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={streaming}
        inputRef={inputRef}
        inputProps={{ maxLength: MAX_CHAT_MESSAGE_CHARS }}
        helperText={
          nearLimit
            ? `${text.length.toLocaleString(
                'en-US',
              )} of ${MAX_CHAT_MESSAGE_CHARS.toLocaleString(
                'en-US',
              )} characters`
            : 'Enter sends, Shift+Enter adds a line'
        }
      />
      {streaming ? (
        <Button
          key="stop"
          variant="outlined"
          color="secondary"
          startIcon={<StopIcon />}
          onClick={onStop}
          style={{ marginTop: 2 }}
        >
          Stop
        </Button>
      ) : (
        <Button
          key="send"
          type="submit"
          variant="contained"
          color="primary"
          startIcon={<SendIcon />}
          disabled={!text.trim()}
          style={{ marginTop: 2 }}
        >
          Send
        </Button>
      )}
    </Box>
  );
}
