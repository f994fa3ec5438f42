export {
  FindingsExplorer,
  type FindingsExplorerProps,
} from './FindingsExplorer';
export {
  DEFAULT_FILTER,
  DEFAULT_QUERY,
  type FindingsQuery,
} from './findingsQuery';
