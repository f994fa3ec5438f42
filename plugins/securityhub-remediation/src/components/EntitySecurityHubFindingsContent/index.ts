export { EntitySecurityHubFindingsContent } from './EntitySecurityHubFindingsContent';
