/**
 * Scaffolder actions for the Security Hub remediation plugins.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSecurityHubRemediation as default } from './module';
export {
  createGetFindingAction,
  createGenerateRemediationAction,
  createStageRemediationAction,
  createTrackRemediationAction,
  type SecurityHubActionDeps,
  type TrackClock,
} from './actions';
