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
export * from './deployPlan';
export * from './stageRequest';
export { CodeCommitRepository } from './aws/CodeCommitRepository';
export { CodePipelinePipeline } from './aws/CodePipelinePipeline';
export {
  SsmAutomationRunner,
  clientTokenUuid,
} from './aws/SsmAutomationRunner';
export {
  SecurityHubFindingVerifier,
  REEVALUATION_NOTE,
} from './aws/SecurityHubFindingVerifier';
export { AwsCallError } from './aws/awsErrors';
export {
  createAwsDelivery,
  type AwsDelivery,
} from './aws/awsDeliveryFromConfig';
export * from './templateDocument';
