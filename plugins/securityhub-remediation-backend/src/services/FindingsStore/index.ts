export type {
  FindingsStore,
  FindingsWriter,
  UpsertResult,
} from './FindingsStore';
export {
  KnexFindingsStore,
  type KnexFindingsStoreOptions,
} from './KnexFindingsStore';
export { openSqliteReader, type SqliteReader } from './sqliteConnections';
export type { FindingScope, FindingScopeQuery } from './filters';
export type { FindingsStreamQuery } from './streamFindings';
export {
  SYNC_STATE_TABLE,
  type SyncStateRecord,
  type SyncStateRow,
  fromSyncStateRow,
} from './syncStateRows';
export { restoreDeferredIndexes } from './bulkLoad';
export { dropInterruptedFirstLoad } from './firstLoadSchema';
export {
  triageUpdatedAt,
  type StoredTriage,
  type TriageWriteMode,
} from './writeTriage';
