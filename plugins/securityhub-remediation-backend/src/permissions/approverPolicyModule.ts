import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ApproverPermissionPolicy } from './ApproverPermissionPolicy';

/**
 * Installs {@link ApproverPermissionPolicy} as the portal's permission
 * policy (instead of allow-all).
 *
 * @public
 */
export const permissionModuleSecurityHubApprovers = createBackendModule({
  pluginId: 'permission',
  moduleId: 'securityhub-approvers-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(ApproverPermissionPolicy.fromConfig(config));
      },
    });
  },
});
