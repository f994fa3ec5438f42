export type {
  NewRemediationRecord,
  RemediationListQuery,
  RemediationPatch,
  RemediationRecord,
  RemediationRecordsPage,
  RemediationStore,
} from './RemediationStore';
export {
  IdempotencyKeyUsedError,
  OpenRemediationExistsError,
  RemediationVersionConflictError,
} from './RemediationStore';
export { KnexRemediationStore } from './KnexRemediationStore';
export {
  RemediationService,
  type RemediationCaller,
  type RemediationServiceDeps,
  type RemediationsQuery,
} from './RemediationService';
export type { FollowUpOptions } from './followUpOptions';
export type { FollowUpRunOptions } from './followUpDue';
export { templateHashOf } from './previewRemediation';
