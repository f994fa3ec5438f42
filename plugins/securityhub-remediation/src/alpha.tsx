import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  type OverridableFrontendPlugin,
  type RouteRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Content } from '@backstage/core-components';
import SecurityIcon from '@material-ui/icons/Security';
import { SECURITYHUB_REMEDIATION_PLUGIN_ID } from '@internal/plugin-securityhub-remediation-common';
import {
  SecurityHubChatClient,
  SecurityHubFindingsClient,
  securityHubChatApiRef,
  securityHubFindingsApiRef,
} from './api';
import { isSecurityHubAvailable } from './conditions';

/** Route of the findings page in the new frontend system. @alpha */
export const securityHubFindingsRouteRef = createRouteRef();

const securityHubFindingsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityHubFindingsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityHubFindingsClient({ discoveryApi, fetchApi }),
    }),
});

const securityHubChatApi = ApiBlueprint.make({
  name: 'chat',
  params: defineParams =>
    defineParams({
      api: securityHubChatApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityHubChatClient({ discoveryApi, fetchApi }),
    }),
});

// Title and icon also make the page's sidebar nav item.
const securityHubFindingsPage = PageBlueprint.make({
  params: {
    path: '/securityhub',
    title: 'Security Hub',
    icon: <SecurityIcon fontSize="inherit" />,
    routeRef: securityHubFindingsRouteRef,
    loader: () =>
      import('./components/SecurityHubFindingsPage').then(m => (
        <Content>
          <m.SecurityHubFindingsPageContent />
        </Content>
      )),
  },
});

const securityHubEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'securityhub',
    title: 'Security Hub',
    filter: isSecurityHubAvailable,
    loader: () =>
      import('./components/EntitySecurityHubFindingsContent').then(m => (
        <m.EntitySecurityHubFindingsContent />
      )),
  },
});

/**
 * The Security Hub findings plugin for the new frontend system: the findings
 * and chat APIs, the `/securityhub` page with its nav item, and the entity tab for
 * entities annotated with `aws.amazon.com/account-id`.
 *
 * @alpha
 */
// Annotated because the inferred type names a nested copy of
// @backstage/filter-predicates, which declaration emit cannot reference.
const securityHubRemediationPlugin: OverridableFrontendPlugin<{
  root: RouteRef<undefined>;
}> = createFrontendPlugin({
  pluginId: SECURITYHUB_REMEDIATION_PLUGIN_ID,
  title: 'Security Hub',
  icon: <SecurityIcon fontSize="inherit" />,
  routes: {
    root: securityHubFindingsRouteRef,
  },
  extensions: [
    securityHubFindingsApi,
    securityHubChatApi,
    securityHubFindingsPage,
    securityHubEntityContent,
  ],
});

export default securityHubRemediationPlugin;
