export { SecurityHubFindingPicker } from './SecurityHubFindingPicker';
export {
  SecurityHubRemediationReview,
  type RemediationReviewOptions,
} from './SecurityHubRemediationReview';
