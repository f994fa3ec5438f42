import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';

/** Delay between the last keystroke and the search. */
export const FINDING_SEARCH_DEBOUNCE_MS = 300;
const OPTIONS_LIMIT = 20;

function optionLabel(finding: Finding): string {
  return `${finding.controlId ?? '—'} ${finding.title}`;
}

function FindingOption(props: { finding: Finding }) {
  const f = props.finding;
  return (
    <Box>
      <Typography variant="body2">
        <strong>{f.controlId ?? '—'}</strong> {f.title}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {f.awsAccountId} · {f.region}
        {f.resourceId ? ` · ${f.resourceId}` : ''}
      </Typography>
    </Box>
  );
}

/**
 * Scaffolder field: picks a failed, active Security Hub control finding
 * by searching the stored findings; its value is the finding id. A value
 * prefilled from `?formData` is read back and shown.
 */
export function SecurityHubFindingPicker(
  props: FieldExtensionComponentProps<string>,
) {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const api = useApi(securityHubFindingsApiRef);
  const [selected, setSelected] = useState<Finding | null>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');

  // A prefilled id (from the URL) is shown as the finding it names.
  const prefilled = useAsync(async () => {
    if (!formData || selected?.id === formData) return undefined;
    return api.getFinding(formData);
  }, [api, formData]);
  useEffect(() => {
    if (prefilled.value) setSelected(prefilled.value);
  }, [prefilled.value]);

  useDebounce(() => setQuery(text.trim()), FINDING_SEARCH_DEBOUNCE_MS, [text]);
  const options = useAsync(
    () =>
      api.listFindings({
        q: query || undefined,
        complianceStatus: ['FAILED'],
        recordState: ['ACTIVE'],
        limit: OPTIONS_LIMIT,
      }),
    [api, query],
  );

  const errorText = prefilled.error
    ? `Cannot read finding ${formData}: ${prefilled.error.message}`
    : undefined;

  return (
    <Autocomplete<Finding>
      id={idSchema?.$id}
      options={options.value?.items ?? []}
      loading={options.loading}
      value={selected}
      // The backend searched already; show what it answered.
      filterOptions={x => x}
      getOptionLabel={optionLabel}
      getOptionSelected={(a, b) => a.id === b.id}
      renderOption={finding => <FindingOption finding={finding} />}
      onChange={(_event, finding) => {
        setSelected(finding);
        onChange(finding?.id);
      }}
      onInputChange={(_event, value, reason) => {
        if (reason === 'input') setText(value);
      }}
      noOptionsText={
        options.error
          ? `Search failed: ${options.error.message}`
          : 'No failed, active findings match'
      }
      renderInput={params => (
        <TextField
          {...params}
          label={schema?.title ?? 'Finding'}
          required={required}
          variant="outlined"
          error={Boolean(errorText) || (rawErrors?.length ?? 0) > 0}
          helperText={
            errorText ??
            schema?.description ??
            'Failed, active control findings; type to search by control, title, resource or account'
          }
        />
      )}
    />
  );
}
