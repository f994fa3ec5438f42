import {
  getControl,
  type ChatCitation,
} from '@internal/plugin-securityhub-remediation-common';
import type { RetrievalEvidence } from '../../remediation/retrieval/ControlRetriever';

/**
 * The control's remediation page: the same link Security Hub writes into each
 * control finding (`Remediation.Recommendation.Url`), built from the id alone.
 */
export function controlDocumentationUrl(controlId: string): string {
  return `https://docs.aws.amazon.com/console/securityhub/${encodeURIComponent(
    controlId,
  )}/remediation`;
}

/** A catalog citation of a control, quoting why it matched when known. */
export function controlCitation(
  controlId: string,
  evidence: readonly RetrievalEvidence[] = [],
): ChatCitation | undefined {
  const control = getControl(controlId);
  if (!control) return undefined;
  const excerpt = evidence
    .map(e => `${e.field}: ${e.text}`)
    .join('\n')
    .slice(0, 4000);
  return {
    type: 'citation',
    id: `control:${control.id}`,
    title: `${control.id} ${control.title}`.slice(0, 512),
    url: controlDocumentationUrl(control.id),
    source: 'control-catalog',
    ...(excerpt ? { excerpt } : {}),
  };
}
