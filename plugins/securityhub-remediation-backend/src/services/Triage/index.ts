export {
  FindingsTriageService,
  type FindingsTriageServiceOptions,
  type SecurityHubTriageWriter,
  type TriageCaller,
} from './FindingsTriageService';
export { securityHubTriageWriterFromConfig } from './securityHubTriageWriterFromConfig';
