import {
  RetrieveCommand,
  type BedrockAgentRuntimeClient,
  type KnowledgeBaseRetrievalResult,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { getControl } from '@internal/plugin-securityhub-remediation-common';
import {
  DEFAULT_RETRIEVAL_LIMIT,
  type ControlRetriever,
  type RankedControl,
  type RetrievalEvidence,
  type RetrievalInput,
  type RetrieveOptions,
} from './ControlRetriever';
import {
  detectControlIds,
  findingQueryText,
  parseFindingText,
} from './controlIdDetection';

/** Several chunks can belong to one control: ask for more than we return. */
const CHUNKS_PER_CONTROL = 3;
/** Bedrock's upper bound on `numberOfResults`. */
const MAX_NUMBER_OF_RESULTS = 100;
const EXCERPT_LENGTH = 300;
/** The Retrieve API caps the query text length. */
const MAX_QUERY_LENGTH = 1000;

function controlIdOf(result: KnowledgeBaseRetrievalResult): string | undefined {
  const fromMetadata = result.metadata?.controlId;
  if (typeof fromMetadata === 'string') {
    const control = getControl(fromMetadata);
    if (control) return control.id;
  }
  const text = result.content?.text ?? '';
  return detectControlIds(text)[0]?.controlId;
}

function sourceOf(result: KnowledgeBaseRetrievalResult): string | undefined {
  const location = result.location;
  return (
    location?.s3Location?.uri ??
    location?.webLocation?.url ??
    location?.confluenceLocation?.url ??
    location?.customDocumentLocation?.id
  );
}

/**
 * Finds controls with a Bedrock knowledge base holding the control
 * documentation (one or more chunks per control, with a `controlId`
 * metadata attribute where the ingestion set one).
 *
 * @public
 */
export class BedrockKnowledgeBaseRetriever implements ControlRetriever {
  constructor(
    private readonly client: BedrockAgentRuntimeClient,
    private readonly knowledgeBaseId: string,
  ) {}

  async retrieve(
    input: RetrievalInput,
    options?: RetrieveOptions,
  ): Promise<RankedControl[]> {
    const limit = options?.limit ?? DEFAULT_RETRIEVAL_LIMIT;
    const response = await this.client.send(
      new RetrieveCommand({
        knowledgeBaseId: this.knowledgeBaseId,
        retrievalQuery: { text: queryText(input) },
        retrievalConfiguration: {
          vectorSearchConfiguration: {
            numberOfResults: Math.min(
              limit * CHUNKS_PER_CONTROL,
              MAX_NUMBER_OF_RESULTS,
            ),
          },
        },
      }),
    );
    const byControl = new Map<string, RankedControl>();
    for (const result of response.retrievalResults ?? []) {
      const controlId = controlIdOf(result);
      if (!controlId) continue;
      const score = result.score ?? 0;
      const evidence: RetrievalEvidence = {
        field: 'knowledge_base',
        text: (result.content?.text ?? '').slice(0, EXCERPT_LENGTH),
      };
      const source = sourceOf(result);
      const evidenceLines = source
        ? [evidence, { field: 'knowledge_base.source', text: source }]
        : [evidence];
      const existing = byControl.get(controlId);
      if (!existing) {
        byControl.set(controlId, {
          controlId,
          title: getControl(controlId)?.title ?? '',
          score,
          evidence: evidenceLines,
        });
      } else if (score > existing.score) {
        // Keep the best chunk's score and evidence first.
        existing.score = score;
        existing.evidence = [...evidenceLines, ...existing.evidence];
      } else {
        existing.evidence.push(...evidenceLines);
      }
    }
    return [...byControl.values()]
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}

/**
 * Text sent to the knowledge base. A finding (given or pasted) becomes a
 * fixed template over its id, title and resource type only, so nothing a
 * finding author wrote is passed on as free text.
 */
function queryText(input: RetrievalInput): string {
  const finding =
    'finding' in input ? input.finding : parseFindingText(input.text);
  if (finding) return findingQueryText(finding);
  return 'text' in input ? input.text.trim().slice(0, MAX_QUERY_LENGTH) : '';
}
