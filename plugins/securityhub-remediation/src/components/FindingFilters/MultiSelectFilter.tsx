import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Skeleton from '@material-ui/lab/Skeleton';

export interface MultiSelectFilterProps {
  id: string;
  label: string;
  options: readonly string[];
  value: readonly string[] | undefined;
  onChange: (values: string[]) => void;
  /** Findings per option with the other filters (values left out: none). */
  counts?: Record<string, number>;
  /** The counts are on their way: skeletons in their place, never zeros. */
  countsLoading?: boolean;
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
                secondary={
                  props.countsLoading ? (
                    <Skeleton
                      variant="text"
                      width={32}
                      component="span"
                      aria-label="Loading count"
                    />
                  ) : (
                    count?.toString()
                  )
                }
              />
            </MenuItem>
          );
        })}
      </Select>
    </FormControl>
  );
}
