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
  securityHubFindingsApiRef,
  SecurityHubFindingsClient,
  type ListFindingsRequest,
  type SecurityHubFindingsApi,
  type SortOrder,
} from './api';
