export {
  FindingsSyncService,
  type FindingsSyncOptions,
  type InterruptedRunsCheck,
  type SourceSyncResult,
} from './FindingsSyncService';
export { InterruptedSyncRecovery } from './InterruptedSyncRecovery';
export { KnexSyncRunRecords, type SyncRunRecords } from './SyncRunRecords';
