export type {
  ControlRetriever,
  RankedControl,
  RetrievalEvidence,
  RetrievalInput,
  RetrieveOptions,
} from './ControlRetriever';
export { EXACT_CONTROL_ID_SCORE } from './ControlRetriever';
export { LocalControlRetriever } from './LocalControlRetriever';
export {
  BUNDLED_CONTROL_CATALOG,
  controlCatalog,
  readControlCatalogFile,
  type ControlCatalog,
} from './controlCatalog';
export { BedrockKnowledgeBaseRetriever } from './BedrockKnowledgeBaseRetriever';
export { detectControlIds, findingQueryText } from './controlIdDetection';
export {
  EVALUATION_QUERIES,
  evaluateRetriever,
  formatMisses,
} from './evaluation/evaluate';
export type {
  EvaluationQuery,
  EvaluationQueryKind,
  EvaluationReport,
  EvaluationMiss,
} from './evaluation/evaluate';
export {
  createControlRetriever,
  RETRIEVAL_CONFIG_KEY,
  type RetrieverFromConfigOptions,
} from './retrieverFromConfig';
