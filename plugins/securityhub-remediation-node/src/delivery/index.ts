export * from './ports';
export * from './files';
export * from './deployManifest';
export * from './changePreview';
export * from './deliveryFromConfig';
export {
  LocalGitRepository,
  type LocalGitRepositoryOptions,
} from './local/LocalGitRepository';
export {
  LocalPipeline,
  LOCAL_DEPLOY_NOTE,
  type LocalPipelineOptions,
} from './local/LocalPipeline';
export {
  LocalAutomationRunner,
  LOCAL_RUN_NOTE,
  plannedSteps,
  type LocalAutomationRunnerOptions,
} from './local/LocalAutomationRunner';
export { LocalFindingVerifier } from './local/LocalFindingVerifier';
