export { EntitySecurityHubCard } from './EntitySecurityHubCard';
