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
import {
  SecurityHubTrendsClient,
  securityHubTrendsApiRef,
} from './components/FindingsTrends/trendsApi';
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
    createApiFactory({
      api: securityHubTrendsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityHubTrendsClient({ discoveryApi, fetchApi }),
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

/**
 * Entity Overview card: the entity's open, failed findings by severity and
 * the controls failing most, linking to its Security Hub tab.
 *
 * @public
 */
export const EntitySecurityHubCard = securityHubRemediationPlugin.provide(
  createComponentExtension({
    name: 'EntitySecurityHubCard',
    component: {
      lazy: () =>
        import('./components/EntitySecurityHubCard').then(
          m => m.EntitySecurityHubCard,
        ),
    },
  }),
);
