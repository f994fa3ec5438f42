/**
 * Security Hub findings store, sync and API.
 *
 * @packageDocumentation
 */
export { securityHubRemediationPlugin as default } from './plugin';
export * from './permissions';
export type { FindingScopeQuery } from './services/FindingsStore';
