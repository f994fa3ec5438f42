export { FindingsTrendsSection } from './FindingsTrendsSection';
export {
  securityHubTrendsApiRef,
  SecurityHubTrendsClient,
  type SecurityHubTrendsApi,
} from './trendsApi';
