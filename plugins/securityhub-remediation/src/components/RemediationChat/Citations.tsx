import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import type { ChatCitation } from '@internal/plugin-securityhub-remediation-common';

const SOURCE_LABELS: Record<ChatCitation['source'], string> = {
  'control-catalog': 'Control catalog',
  'aws-runbook': 'AWS runbook',
  'curated-library': 'Curated library',
  'cannot-automate': 'Cannot-automate list',
  guidance: 'Guidance',
  'knowledge-base': 'Knowledge base',
  finding: 'Finding',
};

/** Where the facts of an answer came from: a link when the source has one. */
export function Citations(props: { citations: ChatCitation[] }) {
  if (!props.citations.length) return null;
  return (
    <Box mt={1} component="section" aria-label="Sources">
      <Typography variant="subtitle2" component="h4">
        Sources
      </Typography>
      <Box component="ol" m={0} pl={3} data-testid="chat-citations">
        {props.citations.map(citation => (
          <li key={citation.id} title={citation.excerpt}>
            <Typography variant="body2" component="span">
              {safeHttpUrl(citation.url) ? (
                <Link
                  href={citation.url}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  {citation.title}
                </Link>
              ) : (
                citation.title
              )}{' '}
              <Typography variant="caption" color="textSecondary">
                ({SOURCE_LABELS[citation.source] ?? citation.source})
              </Typography>
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}

/** Only http(s) links are followed: a citation comes from model output. */
function safeHttpUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
