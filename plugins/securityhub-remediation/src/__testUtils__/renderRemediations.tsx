import type { ReactNode } from 'react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  securityHubFindingsApiRef,
  securityHubRemediationsApiRef,
  type SecurityHubFindingsApi,
  type SecurityHubRemediationsApi,
} from '../api';
import { mockFindingsApi } from './fixtures';

/**
 * Renders remediation components on the given fake API; permissions are
 * allowed unless `permission` says DENY.
 */
export function renderWithRemediationsApi(
  element: ReactNode,
  remediations: SecurityHubRemediationsApi,
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    findings?: SecurityHubFindingsApi;
  } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityHubRemediationsApiRef, remediations],
        [securityHubFindingsApiRef, options.findings ?? mockFindingsApi()],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.permission ?? AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>,
  );
}
