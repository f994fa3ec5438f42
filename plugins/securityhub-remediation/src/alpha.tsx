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
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { Content } from '@backstage/core-components';
import SecurityIcon from '@material-ui/icons/Security';
import BuildIcon from '@material-ui/icons/Build';
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
import { REMEDIATIONS_PATH } from './remediationLinks';
import { isSecurityHubAvailable } from './conditions';

/** Route of the findings page in the new frontend system. @alpha */
export const securityHubFindingsRouteRef = createRouteRef();

/** Route of the remediations list and timelines. @alpha */
export const securityHubRemediationsRouteRef = createRouteRef();

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

const securityHubTrendsApi = ApiBlueprint.make({
  name: 'trends',
  params: defineParams =>
    defineParams({
      api: securityHubTrendsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityHubTrendsClient({ discoveryApi, fetchApi }),
    }),
});

const securityHubRemediationsApi = ApiBlueprint.make({
  name: 'remediations',
  params: defineParams =>
    defineParams({
      api: securityHubRemediationsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityHubRemediationsClient({ discoveryApi, fetchApi }),
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
        // The app's page layout has no main landmark of its own.
        <main>
          <Content>
            <m.SecurityHubFindingsPageContent />
          </Content>
        </main>
      )),
  },
});

// `/securityhub/remediations` lists them and `/securityhub/remediations/:id`
// follows one; the page routes between the two itself.
const securityHubRemediationsPage = PageBlueprint.make({
  name: 'remediations',
  params: {
    path: REMEDIATIONS_PATH,
    title: 'Remediations',
    icon: <BuildIcon fontSize="inherit" />,
    routeRef: securityHubRemediationsRouteRef,
    loader: () =>
      import('./components/RemediationsPage').then(m => (
        <main>
          <m.RemediationsPageContent />
        </main>
      )),
  },
});

// Fields of the "Remediate finding" template, for the scaffolder's form.
const securityHubFindingPickerField = FormFieldBlueprint.make({
  name: 'finding-picker',
  params: {
    field: () =>
      import('./components/ScaffolderFields/formFields').then(
        m => m.securityHubFindingPickerField,
      ),
  },
});

const securityHubRemediationReviewField = FormFieldBlueprint.make({
  name: 'remediation-review',
  params: {
    field: () =>
      import('./components/ScaffolderFields/formFields').then(
        m => m.securityHubRemediationReviewField,
      ),
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

// The entity Overview's summary card, on the same entities as the tab.
const securityHubEntityCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    filter: isSecurityHubAvailable,
    loader: () =>
      import('./components/EntitySecurityHubCard').then(m => (
        <m.EntitySecurityHubCard />
      )),
  },
});

/**
 * The Security Hub findings plugin for the new frontend system: the findings,
 * chat and remediations APIs, the `/securityhub` and `/securityhub/remediations`
 * pages with their nav items, the entity tab and Overview card for entities
 * annotated with an AWS account, resource tags or resource ARN prefixes, and
 * the scaffolder fields
 * `SecurityHubFindingPicker` and `SecurityHubRemediationReview`.
 *
 * @alpha
 */
// Annotated because the inferred type names a nested copy of
// @backstage/filter-predicates, which declaration emit cannot reference.
const securityHubRemediationPlugin: OverridableFrontendPlugin<{
  root: RouteRef<undefined>;
  remediations: RouteRef<undefined>;
}> = createFrontendPlugin({
  pluginId: SECURITYHUB_REMEDIATION_PLUGIN_ID,
  title: 'Security Hub',
  icon: <SecurityIcon fontSize="inherit" />,
  routes: {
    root: securityHubFindingsRouteRef,
    remediations: securityHubRemediationsRouteRef,
  },
  extensions: [
    securityHubFindingsApi,
    securityHubChatApi,
    securityHubRemediationsApi,
    securityHubTrendsApi,
    securityHubFindingsPage,
    securityHubRemediationsPage,
    securityHubEntityContent,
    securityHubEntityCard,
    securityHubFindingPickerField,
    securityHubRemediationReviewField,
  ],
});

export default securityHubRemediationPlugin;
