/**
 * Security Hub findings page, entity tab and entity Overview card for Backstage.
 *
 * @packageDocumentation
 */
export {
  securityHubRemediationPlugin,
  SecurityHubFindingsPage,
  EntitySecurityHubFindingsContent,
  EntitySecurityHubCard,
} from './plugin';
export { rootRouteRef } from './routes';
export { isSecurityHubAvailable } from './conditions';
export {
  securityHubChatApiRef,
  securityHubFindingsApiRef,
  securityHubRemediationsApiRef,
  SecurityHubFindingsClient,
  type ListFindingsRequest,
  type SecurityHubChatApi,
  type SecurityHubFindingsApi,
  type SecurityHubRemediationsApi,
  type SortOrder,
} from './api';
