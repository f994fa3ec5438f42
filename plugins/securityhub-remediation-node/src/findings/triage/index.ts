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
  type SecurityHubTriageTarget,
} from './SecurityHubFindingsTriageWriter';
export { securityHubTriageTargetsFromConfig } from './config';
