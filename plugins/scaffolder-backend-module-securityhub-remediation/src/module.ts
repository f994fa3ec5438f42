import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createGenerateRemediationAction,
  createGetFindingAction,
  createStageRemediationAction,
  createTrackRemediationAction,
} from './actions';

/**
 * Scaffolder actions that take a Security Hub finding to a fix, each acting
 * as the user who runs the template: `securityhub:finding:get`,
 * `securityhub:remediation:generate` (render and validate),
 * `securityhub:remediation:stage` (commit the reviewed template) and
 * `securityhub:remediation:track` (follow it to verified, rejected or failed).
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
        const deps = { discovery, auth };
        scaffolder.addActions(
          createGetFindingAction(deps),
          createGenerateRemediationAction(deps),
          createStageRemediationAction(deps),
          createTrackRemediationAction(deps),
        );
      },
    });
  },
});
