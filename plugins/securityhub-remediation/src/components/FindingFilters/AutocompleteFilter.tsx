import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete, {
  createFilterOptions,
} from '@material-ui/lab/Autocomplete';
import { formatCount } from '../../format';
import type { FilterOption } from './useAccumulatedOptions';

export interface AutocompleteFilterProps {
  id: string;
  label: string;
  options: FilterOption[];
  value: readonly string[] | undefined;
  onChange: (values: string[]) => void;
  minWidth?: number;
  /** The values are on their way (the first counts have not come yet). */
  loading?: boolean;
}

/**
 * A searchable multi-value filter for open-ended sets (accounts, regions,
 * controls). Typing matches the value and its description, so a control can
 * be found by its title; chips show only the value to stay compact.
 */
export function AutocompleteFilter(props: AutocompleteFilterProps) {
  const byValue = new Map(props.options.map(o => [o.value, o]));
  const filterOptions = createFilterOptions<string>({
    stringify: value => `${value} ${byValue.get(value)?.description ?? ''}`,
  });
  return (
    <Autocomplete
      multiple
      size="small"
      id={props.id}
      style={{ minWidth: props.minWidth ?? 200 }}
      options={props.options.map(o => o.value)}
      value={[...(props.value ?? [])]}
      onChange={(_event, values) => props.onChange(values)}
      filterOptions={filterOptions}
      loading={props.loading && props.options.length === 0}
      loadingText="Loading values…"
      getOptionLabel={value => value}
      renderOption={value => {
        const option = byValue.get(value);
        return (
          <div>
            <Typography variant="body2" component="span">
              <strong>{value}</strong>
              {option?.count !== undefined && ` (${formatCount(option.count)})`}
            </Typography>
            {option?.description && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {option.description}
              </Typography>
            )}
          </div>
        );
      }}
      renderTags={(values, getTagProps) =>
        values.map((value, index) => (
          <Chip
            {...getTagProps({ index })}
            key={value}
            size="small"
            label={value}
            title={byValue.get(value)?.description}
          />
        ))
      }
      renderInput={params => (
        <TextField {...params} variant="outlined" label={props.label} />
      )}
    />
  );
}
