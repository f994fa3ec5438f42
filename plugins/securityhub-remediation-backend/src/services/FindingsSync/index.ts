export {
  FindingsSyncService,
  type FindingsSyncOptions,
  type SourceSyncResult,
} from './FindingsSyncService';
export { type InterruptedRunsCheck } from './SyncRunTracker';
export { InterruptedSyncRecovery } from './InterruptedSyncRecovery';
export { KnexSyncRunRecords, type SyncRunRecords } from './SyncRunRecords';
