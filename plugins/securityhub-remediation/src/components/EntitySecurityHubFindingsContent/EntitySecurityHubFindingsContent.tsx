import Box from '@material-ui/core/Box';
import { WarningPanel } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  SECURITYHUB_RESOURCE_ARN_PREFIXES_ANNOTATION,
  SECURITYHUB_RESOURCE_TAGS_ANNOTATION,
} from '@internal/plugin-securityhub-remediation-common';
import { entityFindingsScope } from '../../conditions';
import { AccountRemediations } from '../AccountRemediations';
import { FindingsExplorer } from '../FindingsExplorer';
import { SyncStatusLine } from '../SyncStatusLine';

/** The tab's URL parameters are prefixed, apart from the entity page's own. */
export const ENTITY_TAB_URL_PREFIX = 'findings.';

/**
 * The Security Hub findings of the current entity: its AWS account's (and
 * that account's remediations), or, for a component or system, those of the
 * resources its annotations name by tag or ARN prefix. Filters, page and
 * open finding are kept in the URL under a prefix, clear of the entity
 * page's parameters.
 */
export function EntitySecurityHubFindingsContent() {
  const { entity } = useEntity();
  const scope = entityFindingsScope(entity);

  if (scope.kind === 'none') {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          AWS_ACCOUNT_ID_ANNOTATION,
          SECURITYHUB_RESOURCE_TAGS_ANNOTATION,
          SECURITYHUB_RESOURCE_ARN_PREFIXES_ANNOTATION,
        ]}
      />
    );
  }
  if (scope.kind === 'invalid') {
    return (
      <WarningPanel
        title={
          scope.annotation === AWS_ACCOUNT_ID_ANNOTATION
            ? 'Invalid AWS account annotation'
            : 'Invalid Security Hub annotation'
        }
        message={`The ${scope.annotation} annotation is "${scope.value}": ${scope.message}.`}
      />
    );
  }
  const accountId = scope.isAccount ? scope.filter.accountId?.[0] : undefined;
  return (
    <>
      <Box mb={2}>
        <SyncStatusLine
          stored={{
            filter: scope.filter,
            of: accountId
              ? 'this account'
              : `this ${entity.kind.toLowerCase()}`,
          }}
        />
      </Box>
      <FindingsExplorer
        fixedFilter={scope.filter}
        persistInUrl
        urlPrefix={ENTITY_TAB_URL_PREFIX}
      />
      {accountId && (
        <Box mt={3}>
          <AccountRemediations accountId={accountId} />
        </Box>
      )}
    </>
  );
}
