export {
  securityHubFindingsApiRef,
  type ListFindingsRequest,
  type SecurityHubFindingsApi,
  type SortOrder,
} from './SecurityHubFindingsApi';
export { SecurityHubFindingsClient } from './SecurityHubFindingsClient';
