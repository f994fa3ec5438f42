/**
 * Security Hub findings page and AWS account entity tab for Backstage.
 *
 * @packageDocumentation
 */
export {
  securityHubRemediationPlugin,
  SecurityHubFindingsPage,
  EntitySecurityHubFindingsContent,
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
