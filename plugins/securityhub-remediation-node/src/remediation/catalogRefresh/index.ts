/**
 * Refreshes the bundled Security Hub control catalog from the live API
 * (`ListSecurityControlDefinitions`, `BatchGetSecurityControls`).
 */
export {
  fetchControlDefinitions,
  LIST_CONTROL_DEFINITIONS_MAX_PAGE_SIZE,
  type FetchControlDefinitionsOptions,
} from './fetchControlDefinitions';
export {
  fetchControlStatus,
  BATCH_GET_SECURITY_CONTROLS_MAX_IDS,
  MISSING_FROM_RESPONSE,
} from './fetchControlStatus';
export {
  mergeControlCatalog,
  type MergeControlCatalogOptions,
} from './mergeControlCatalog';
export {
  fsbpStandardsArn,
  refreshControlCatalog,
  type RefreshControlCatalogOptions,
  type RefreshedControlCatalog,
} from './refreshControlCatalog';
export {
  ControlCatalogRefreshError,
  type ControlCatalogRefreshErrorDetails,
} from './ControlCatalogRefreshError';
export type {
  ControlCatalogDiff,
  ControlChange,
  ControlParameterDefinition,
  ControlStatusResult,
  LiveControlDefinition,
  LiveControlList,
  LiveControlStatus,
  MergedControlCatalog,
  UnprocessedControl,
} from './types';
