export {
  SecurityHubFindingsPage,
  SecurityHubFindingsPageContent,
} from './SecurityHubFindingsPage';
