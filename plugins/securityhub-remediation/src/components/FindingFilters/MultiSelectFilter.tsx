import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';

export interface MultiSelectFilterProps {
  id: string;
  label: string;
  options: readonly string[];
  value: readonly string[] | undefined;
  onChange: (values: string[]) => void;
  /** Findings per option with the other filters (values left out: none). */
  counts?: Record<string, number>;
}

/** A labelled multi-select for a small, fixed set of values (enums). */
export function MultiSelectFilter(props: MultiSelectFilterProps) {
  const labelId = `${props.id}-label`;
  const value = props.value ?? [];
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 170 }}>
      <InputLabel id={labelId}>{props.label}</InputLabel>
      <Select
        multiple
        id={props.id}
        labelId={labelId}
        label={props.label}
        value={[...value]}
        onChange={event => props.onChange(event.target.value as string[])}
        renderValue={selected =>
          (selected as string[]).length ? (selected as string[]).join(', ') : ''
        }
      >
        {props.options.map(option => {
          const count = props.counts ? props.counts[option] ?? 0 : undefined;
          return (
            <MenuItem key={option} value={option}>
              <Checkbox
                size="small"
                checked={value.includes(option)}
                inputProps={{ 'aria-hidden': true }}
                tabIndex={-1}
              />
              <ListItemText
                primary={option}
                secondary={count === undefined ? undefined : `${count}`}
              />
            </MenuItem>
          );
        })}
      </Select>
    </FormControl>
  );
}
