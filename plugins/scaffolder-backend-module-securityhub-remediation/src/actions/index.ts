export { createGetFindingAction } from './finding/getFinding';
export { createGenerateRemediationAction } from './remediation/generateRemediation';
export { createStageRemediationAction } from './remediation/stageRemediation';
export {
  createTrackRemediationAction,
  type TrackClock,
} from './remediation/trackRemediation';
export type { SecurityHubActionDeps } from './onBehalfOfInitiator';
