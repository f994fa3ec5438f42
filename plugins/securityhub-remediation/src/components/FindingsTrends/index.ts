export { FindingsTrendsSection } from './FindingsTrendsSection';
export {
  securityHubTrendsApiRef,
  SecurityHubTrendsClient,
  type SecurityHubTrendsApi,
  type TrendsRequest,
} from './trendsApi';
