export type {
  FindingTriageTarget,
  FindingsTriageUpdate,
  FindingsTriageWriter,
} from './FindingsTriageWriter';
export {
  LocalFindingsTriageWriter,
  type LocalTriageStore,
} from './LocalFindingsTriageWriter';
export {
  BATCH_UPDATE_FINDINGS_MAX_IDS,
  DEFAULT_BATCH_UPDATE_FINDINGS_RATE_LIMIT,
  SecurityHubFindingsTriageWriter,
} from './SecurityHubFindingsTriageWriter';
export { SecurityHubOcsfFindingsTriageWriter } from './SecurityHubOcsfFindingsTriageWriter';
export type { SecurityHubTriageTarget } from './SecurityHubTriageTarget';
export {
  SourceRoutingTriageWriter,
  type SourceTriageWriter,
} from './SourceRoutingTriageWriter';
export {
  ocsfFindingIdentifierOf,
  type OcsfFindingIdentifier,
} from './ocsfFindingIdentifier';
export {
  securityHubOcsfTriageTargetsFromConfig,
  securityHubTriageTargetsFromConfig,
} from './config';
