import type { ChatCitation } from '@internal/plugin-securityhub-remediation-common';
import {
  EXACT_CONTROL_ID_SCORE,
  type RankedControl,
} from '../../remediation/retrieval/ControlRetriever';
import type { ChatToolInput } from './chatToolSchemas';
import { controlCitation } from './controlCitation';
import {
  readFindingInScope,
  type ToolContext,
  type ToolResult,
} from './toolTypes';

/**
 * Controls within this share of the best score are cited with it: the answer
 * may rest on either, and the reader should see both sources.
 */
const CITED_SCORE_SHARE = 0.9;
const MAX_CITED_CONTROLS = 2;
const MAX_EVIDENCE_PER_CONTROL = 4;

/** `find_control`: ranked controls for a description or for a finding the user may read. */
export async function findControlTool(
  context: ToolContext,
  input: ChatToolInput<'find_control'>,
): Promise<ToolResult> {
  const options = { limit: input.limit };
  let ranked: RankedControl[];
  if (input.findingId !== undefined) {
    const finding = await readFindingInScope(context, input.findingId);
    ranked = await context.engine.retriever.retrieve(
      { finding: finding.raw },
      options,
    );
  } else {
    ranked = await context.engine.retriever.retrieve(
      { text: input.text ?? '' },
      options,
    );
  }

  const controls = ranked.map(control => ({
    controlId: control.controlId,
    title: control.title,
    score: Math.round(control.score * 1000) / 1000,
    evidence: control.evidence.slice(0, MAX_EVIDENCE_PER_CONTROL),
  }));
  const best = ranked[0]?.score ?? 0;
  // An exact id stands alone; text matches close to the best share the citation.
  const cited = (c: RankedControl) =>
    best >= EXACT_CONTROL_ID_SCORE
      ? c.score >= EXACT_CONTROL_ID_SCORE
      : best > 0 && c.score >= best * CITED_SCORE_SHARE;
  const citations = ranked
    .filter(cited)
    .slice(0, MAX_CITED_CONTROLS)
    .map(c => controlCitation(c.controlId, c.evidence))
    .filter((c): c is ChatCitation => c !== undefined);

  return {
    output: {
      ...(input.findingId !== undefined ? { findingId: input.findingId } : {}),
      controls,
      ...(controls.length === 0
        ? {
            note: 'no Security Hub control matches; ask the user for the finding or the control id',
          }
        : {}),
    },
    summary: controls.length
      ? controls
          .slice(0, 3)
          .map(c => `${c.controlId} (${c.score.toFixed(2)})`)
          .join(', ')
      : 'no matching control',
    citations,
  };
}
