import type { AsffFinding } from '@internal/plugin-securityhub-remediation-common';

/**
 * What the user gave us to find a control: free text (a control id such as
 * `S3.5`, a title, words of their own, or a pasted finding JSON) or a finding.
 *
 * @public
 */
export type RetrievalInput = { text: string } | { finding: AsffFinding };

/** Why a control was ranked: which field matched and on what text. @public */
export interface RetrievalEvidence {
  /**
   * Where the match came from, e.g. `control_id`, `title`, `title_variant`,
   * `config_rule`, `resource_type`, `service`,
   * `finding.Compliance.SecurityControlId`, `knowledge_base`.
   */
  field: string;
  text: string;
}

/** @public */
export interface RankedControl {
  controlId: string;
  title: string;
  /**
   * Relevance in 0..1, higher is better. An exact control id found in the
   * input scores 1. Text matches are BM25 scores divided by the best BM25
   * score of the query (so only comparable within one result list). Bedrock
   * results carry the knowledge base's own relevance score.
   */
  score: number;
  evidence: RetrievalEvidence[];
}

/** @public */
export interface RetrieveOptions {
  /** Maximum number of controls returned; defaults to 5. */
  limit?: number;
}

/**
 * Port: finds the Security Hub controls a finding or a description is about.
 *
 * @public
 */
export interface ControlRetriever {
  retrieve(
    input: RetrievalInput,
    options?: RetrieveOptions,
  ): Promise<RankedControl[]>;
}

export const DEFAULT_RETRIEVAL_LIMIT = 5;

/** The score of a control whose id appears verbatim in the input. @public */
export const EXACT_CONTROL_ID_SCORE = 1;
