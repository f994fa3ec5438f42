export type {
  FindingsStore,
  FindingsWriter,
  UpsertResult,
} from './FindingsStore';
export { KnexFindingsStore } from './KnexFindingsStore';
export type { FindingScope, FindingScopeQuery } from './filters';
export {
  SYNC_STATE_TABLE,
  type SyncStateRecord,
  type SyncStateRow,
  fromSyncStateRow,
} from './syncStateRows';
