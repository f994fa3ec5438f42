/**
 * The remediation engine: which control a finding is about (retrieval),
 * what remediates it (knowledge: AWS runbooks, the curated library, or why it
 * cannot be automated), the CloudFormation template and params file that
 * stage it, and the validation every template passes before it is staged.
 */
export * from './retrieval';
export * from './knowledge';
export { CURATED_AUTOMATIONS, curatedAutomationFor } from './curated';
export type {
  AutomationStep,
  CuratedAutomation,
  CuratedParameter,
  CuratedPermission,
  ParameterFill,
} from './curated/types';
export {
  AUTOMATION_PREFERENCES,
  renderRemediation,
  UnknownControlError,
  type AutomationPreference,
  type CannotAutomateAnswer,
  type NotAutomatedAnswer,
  type RemediationAnswer,
  type RenderedRemediation,
} from './templates/renderRemediation';
export {
  isValidStackName,
  remediationStackName,
  REMEDIATION_STACK_PREFIX,
} from './templates/stackName';
export {
  automationParametersOf,
  renderParametersFile,
  type StackParameter,
} from './templates/parametersFile';
export {
  findCfnLint,
  preloadResourceSpec,
  runCfnLint,
  runCfnLintOnFiles,
  runCfnLintOnText,
  validateRemediationFile,
  type ValidationProblem,
  type ValidationReport,
} from './validation';
export {
  coverageReport,
  type ControlCoverage,
  type CoverageReport,
} from './coverage';
export {
  checkProposal,
  repairFeedback,
  MAX_PROPOSAL_BYTES,
  DEFAULT_REPAIR_ROUNDS,
  type ProposalOutcome,
  type ProposalRound,
  type RepairProposal,
} from './proposals/checkProposal';
export * from './catalogRefresh';
export {
  createRemediationEngine,
  remediationEngineServiceRef,
  REMEDIATION_CONFIG_KEY,
  type RemediationEngine,
} from './engine/RemediationEngine';
