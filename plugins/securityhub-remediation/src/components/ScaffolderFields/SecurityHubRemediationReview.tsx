import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { securityHubRemediationsApiRef } from '../../api';
import { remediationHref } from '../../remediationLinks';
import { ChangePreviewView } from '../ChangePreview';
import { AutomationSummary } from '../FindingRemediation/AutomationSummary';
import { CodeBlock } from '../RemediationChat/CodeBlock';
import { whyNotSubmittable } from './reviewVerdict';

export interface RemediationReviewOptions {
  /** Form field holding the finding id; `findingId` unless set. */
  findingIdField?: string;
}

/**
 * Scaffolder field: shows what remediating the picked finding would deploy
 * and change. Its value is the reviewed template's hash, set only when the
 * remediation can be submitted; otherwise it stays empty (the required field
 * blocks Next) and the reason is shown.
 */
export function SecurityHubRemediationReview(
  props: FieldExtensionComponentProps<string, RemediationReviewOptions>,
) {
  const { formContext, uiSchema, onChange, formData } = props;
  const field = uiSchema?.['ui:options']?.findingIdField ?? 'findingId';
  const findingId: unknown = formContext?.formData?.[field];
  const api = useApi(securityHubRemediationsApiRef);

  const preview = useAsync(async () => {
    if (typeof findingId !== 'string' || !findingId) return undefined;
    return api.preview(findingId);
  }, [api, findingId]);

  const blocked = preview.value ? whyNotSubmittable(preview.value) : undefined;
  const hash =
    preview.value && !blocked ? preview.value.templateHash : undefined;
  // Cleared while a new preview loads, so a stale hash cannot be submitted.
  const value = preview.loading ? undefined : hash;
  useEffect(() => {
    if (value !== formData) onChange(value);
    // Only a new verdict changes the value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  if (typeof findingId !== 'string' || !findingId) {
    return <Alert severity="info">Pick a finding first.</Alert>;
  }
  if (preview.loading) return <Progress />;
  if (preview.error) {
    return (
      <ResponseErrorPanel
        error={preview.error}
        title="Could not preview the remediation"
      />
    );
  }
  const p = preview.value;
  if (!p) return null;
  return (
    <Box data-testid="remediation-review">
      <Typography variant="h6" component="h3">
        {p.controlId}: {p.controlTitle}
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        Account {p.awsAccountId} · {p.region}
        {p.resourceId ? ` · ${p.resourceId}` : ''}
      </Typography>
      {blocked ? (
        <Alert severity="error">
          Cannot submit: {blocked}
          {p.openRemediationId && (
            <>
              {' '}
              <Link to={remediationHref(p.openRemediationId)}>
                Follow the open remediation
              </Link>
            </>
          )}
        </Alert>
      ) : (
        <Alert severity="success">
          Ready to submit: the template validates.
        </Alert>
      )}
      <Box mt={2}>
        <AutomationSummary preview={p} />
      </Box>
      {p.changePreview && (
        <Box mt={2}>
          <Typography variant="subtitle1" component="h4">
            What it changes
          </Typography>
          <ChangePreviewView preview={p.changePreview} />
        </Box>
      )}
      {p.templateYaml && (
        <Box mt={2}>
          <CodeBlock
            label={`deploy/${p.name ?? 'template'}.yaml`}
            language="yaml"
            text={p.templateYaml}
          />
        </Box>
      )}
      {p.parametersJson && (
        <Box mt={2}>
          <CodeBlock
            label={`deploy/parameters/${p.name ?? 'template'}-params.json`}
            language="json"
            text={p.parametersJson}
          />
        </Box>
      )}
    </Box>
  );
}
