import type {
  Attribution,
  RetrievedReference,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { ChatCitation } from '@internal/plugin-securityhub-remediation-common';

const MAX_EXCERPT_CHARS = 1000;
const MAX_TITLE_CHARS = 200;

/** Where a retrieved passage lives: a URL, an S3 URI or a document id. */
function locationOf(reference: RetrievedReference): string | undefined {
  const location = reference.location;
  const sourceUri = reference.metadata?.['x-amz-bedrock-kb-source-uri'];
  return (
    location?.s3Location?.uri ??
    location?.webLocation?.url ??
    location?.confluenceLocation?.url ??
    location?.salesforceLocation?.url ??
    location?.sharePointLocation?.url ??
    location?.kendraDocumentLocation?.uri ??
    location?.customDocumentLocation?.id ??
    (typeof sourceUri === 'string' ? sourceUri : undefined)
  );
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function titleOf(location: string): string {
  const lastSegment = location.replace(/\/+$/, '').split('/').pop() ?? '';
  const title = decodeURIComponent(lastSegment || location);
  return title.length > MAX_TITLE_CHARS
    ? `${title.slice(0, MAX_TITLE_CHARS - 1)}…`
    : title;
}

function excerptOf(reference: RetrievedReference): string | undefined {
  const text = reference.content?.text?.trim();
  if (!text) return undefined;
  return text.length > MAX_EXCERPT_CHARS
    ? `${text.slice(0, MAX_EXCERPT_CHARS - 1)}…`
    : text;
}

/** One citation per retrieved passage a chunk's answer rests on. */
export function knowledgeBaseCitations(
  attribution: Attribution | undefined,
): ChatCitation[] {
  const citations: ChatCitation[] = [];
  for (const citation of attribution?.citations ?? []) {
    for (const reference of citation.retrievedReferences ?? []) {
      const location = locationOf(reference);
      if (!location) continue;
      citations.push({
        type: 'citation',
        id: `knowledge-base:${location}`.slice(0, 512),
        title: titleOf(location),
        url:
          isWebUrl(location) && location.length <= 2048 ? location : undefined,
        source: 'knowledge-base',
        excerpt: excerptOf(reference),
      });
    }
  }
  return citations;
}
