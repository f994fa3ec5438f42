import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SECURITYHUB_REMEDIATION_PLUGIN_ID } from '@internal/plugin-securityhub-remediation-common';
import {
  SecurityHubChatClient,
  SecurityHubFindingsClient,
  SecurityHubRemediationsClient,
  securityHubChatApiRef,
  securityHubFindingsApiRef,
  securityHubRemediationsApiRef,
} from './api';
import { rootRouteRef } from './routes';

/**
 * The Security Hub findings plugin for the legacy frontend system.
 *
 * @public
 */
export const securityHubRemediationPlugin = createPlugin({
  id: SECURITYHUB_REMEDIATION_PLUGIN_ID,
  apis: [
    createApiFactory({
      api: securityHubFindingsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityHubFindingsClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: securityHubChatApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityHubChatClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: securityHubRemediationsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityHubRemediationsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * Portal-wide page of Security Hub findings with counts, filters and detail.
 *
 * @public
 */
export const SecurityHubFindingsPage = securityHubRemediationPlugin.provide(
  createRoutableExtension({
    name: 'SecurityHubFindingsPage',
    component: () =>
      import('./components/SecurityHubFindingsPage').then(
        m => m.SecurityHubFindingsPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Entity tab content: the findings of the entity's AWS account.
 *
 * @public
 */
export const EntitySecurityHubFindingsContent =
  securityHubRemediationPlugin.provide(
    createComponentExtension({
      name: 'EntitySecurityHubFindingsContent',
      component: {
        lazy: () =>
          import('./components/EntitySecurityHubFindingsContent').then(
            m => m.EntitySecurityHubFindingsContent,
          ),
      },
    }),
  );
