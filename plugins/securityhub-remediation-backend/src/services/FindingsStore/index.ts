export type {
  FindingsStore,
  FindingsWriter,
  UpsertResult,
} from './FindingsStore';
export { KnexFindingsStore } from './KnexFindingsStore';
export type { FindingScope, FindingScopeQuery } from './filters';
