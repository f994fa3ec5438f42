import { useEffect, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';

/** Delay between the last keystroke and the request. */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * Free-text search that reports its value once typing pauses. Changes from
 * outside (Reset) replace the text, but the value it reported itself never
 * does, so a slow round-trip cannot eat keystrokes typed meanwhile.
 */
export function SearchFilter(props: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const [text, setText] = useState(props.value ?? '');
  const lastReported = useRef(props.value);

  useEffect(() => {
    if (props.value !== lastReported.current) {
      lastReported.current = props.value;
      setText(props.value ?? '');
    }
  }, [props.value]);

  useDebounce(
    () => {
      const next = text.trim() || undefined;
      if (next !== lastReported.current) {
        lastReported.current = next;
        props.onChange(next);
      }
    },
    SEARCH_DEBOUNCE_MS,
    [text],
  );

  return (
    <TextField
      id="findings-search"
      label="Search"
      placeholder="Title, control, resource, account"
      variant="outlined"
      size="small"
      value={text}
      onChange={event => setText(event.target.value)}
      inputProps={{ maxLength: 200 }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        ),
      }}
      style={{ minWidth: 260 }}
    />
  );
}
