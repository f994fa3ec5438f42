export {
  ocsfFindingSchema,
  looksLikeOcsfFinding,
  type OcsfFinding,
} from './ocsfFindingSchema';
export {
  OCSF_ORIGINAL_KEY,
  asffResourceType,
  complianceStatusOfOcsf,
  ocsfToAsffFinding,
  prepareOcsfFinding,
  recordStateOfOcsf,
  severityOfOcsf,
  validateOcsfFinding,
  workflowStatusOfOcsf,
} from './ocsfToAsff';
export {
  SecurityHubOcsfFindingsSource,
  GET_FINDINGS_V2_MAX_PAGE_SIZE,
  type SecurityHubOcsfFindingsSourceOptions,
} from './SecurityHubOcsfFindingsSource';
export {
  createSecurityHubOcsfFindingsSources,
  readSecurityHubOcsfSourceConfig,
  type SecurityHubOcsfSourceConfig,
} from './config';
export {
  ocsfStatusIdOfWorkflowStatus,
  workflowStatusOfOcsfStatusId,
} from './ocsfWorkflowStatus';
