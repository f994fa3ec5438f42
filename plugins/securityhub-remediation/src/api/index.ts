export {
  securityHubFindingsApiRef,
  type ListFindingsRequest,
  type SecurityHubFindingsApi,
  type SortOrder,
} from './SecurityHubFindingsApi';
export { SecurityHubFindingsClient } from './SecurityHubFindingsClient';
export { securityHubChatApiRef } from './SecurityHubChatApi';
export {
  SecurityHubChatClient,
  type SecurityHubChatApi,
} from '@internal/plugin-securityhub-remediation-common';
export { securityHubRemediationsApiRef } from './SecurityHubRemediationsApi';
export {
  SecurityHubRemediationsClient,
  type SecurityHubRemediationsApi,
} from '@internal/plugin-securityhub-remediation-common';
