import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGetFindingAction } from './actions';

/**
 * Scaffolder actions that take a Security Hub finding to a fix. For now:
 * `securityhub:finding:get`.
 *
 * @public
 */
export const scaffolderModuleSecurityHubRemediation = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'securityhub-remediation',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(createGetFindingAction({ discovery, auth }));
      },
    });
  },
});
