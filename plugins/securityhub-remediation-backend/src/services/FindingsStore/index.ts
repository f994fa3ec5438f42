export type { FindingsStore, UpsertResult } from './FindingsStore';
export { KnexFindingsStore } from './KnexFindingsStore';
export type { FindingScope, FindingScopeQuery } from './filters';
