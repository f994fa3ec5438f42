export {
  FindingsSyncService,
  type SourceSyncResult,
} from './FindingsSyncService';
