export { validateRemediationFile } from './validateTemplate';
export type {
  DocumentKind,
  Severity,
  ValidationProblem,
  ValidationReport,
} from './types';
export {
  findCfnLint,
  runCfnLint,
  runCfnLintOnFiles,
  runCfnLintOnText,
  parseCfnLintOutput,
} from './cfnLint';
export type {
  CfnLintFilesResult,
  CfnLintResult,
  CfnLintOptions,
} from './cfnLint';
export {
  DocumentParseError,
  parseDocument,
  parseYamlOrJson,
} from './parseDocument';
export { preloadResourceSpec } from './cfnSpec';
export {
  deriveRequiredActions,
  iamActionForApi,
  actionSupportsOnlyWildcardResource,
} from './iamActions';
