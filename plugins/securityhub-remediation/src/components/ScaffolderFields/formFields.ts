import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { SecurityHubFindingPicker } from './SecurityHubFindingPicker';
import { SecurityHubRemediationReview } from './SecurityHubRemediationReview';

const TEMPLATE_HASH = /^[a-f0-9]{64}$/;

/** `ui:field: SecurityHubFindingPicker` — value: a finding id. */
export const securityHubFindingPickerField = createFormField({
  name: 'SecurityHubFindingPicker',
  component: SecurityHubFindingPicker,
});

/** `ui:field: SecurityHubRemediationReview` — value: the reviewed template hash. */
export const securityHubRemediationReviewField = createFormField({
  name: 'SecurityHubRemediationReview',
  component: SecurityHubRemediationReview,
  validation: (value, validation) => {
    if (value !== undefined && !TEMPLATE_HASH.test(String(value))) {
      validation.addError(
        'The review did not accept this remediation; go back and pick a finding that can be remediated.',
      );
    }
  },
});
