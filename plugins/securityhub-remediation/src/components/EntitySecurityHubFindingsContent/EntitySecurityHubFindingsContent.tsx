import Box from '@material-ui/core/Box';
import { WarningPanel } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { AWS_ACCOUNT_ID_ANNOTATION } from '@internal/plugin-securityhub-remediation-common';
import { awsAccountIdOf } from '../../conditions';
import { AccountRemediations } from '../AccountRemediations';
import { FindingsExplorer } from '../FindingsExplorer';
import { SyncStatusLine } from '../SyncStatusLine';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The Security Hub findings (and their remediations) of the AWS account
 * the current entity is annotated with. Filters stay in component state: the URL belongs to the
 * entity page.
 */
export function EntitySecurityHubFindingsContent() {
  const { entity } = useEntity();
  const accountId = awsAccountIdOf(entity);

  if (!accountId) {
    return (
      <MissingAnnotationEmptyState annotation={AWS_ACCOUNT_ID_ANNOTATION} />
    );
  }
  if (!ACCOUNT_ID.test(accountId)) {
    return (
      <WarningPanel
        title="Invalid AWS account annotation"
        message={`The ${AWS_ACCOUNT_ID_ANNOTATION} annotation is "${accountId}", but must be a 12-digit AWS account id.`}
      />
    );
  }
  return (
    <>
      <Box mb={2}>
        <SyncStatusLine />
      </Box>
      <FindingsExplorer fixedAccountId={accountId} />
      <Box mt={3}>
        <AccountRemediations accountId={accountId} />
      </Box>
    </>
  );
}
