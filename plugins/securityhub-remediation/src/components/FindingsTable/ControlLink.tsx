import type { MouseEvent } from 'react';
import Link from '@material-ui/core/Link';
import { controlDocumentationUrl } from '../../awsLinks';

/** A control id linked to its section of the Security Hub user guide. */
export function ControlLink(props: { controlId: string | null }) {
  const url = controlDocumentationUrl(props.controlId);
  if (!url) return <>{props.controlId ?? '—'}</>;
  return (
    <Link
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`Control ${props.controlId} in the AWS documentation (opens in a new tab)`}
      // Rows open the detail drawer on click; following the link must not.
      onClick={(event: MouseEvent) => event.stopPropagation()}
    >
      {props.controlId}
    </Link>
  );
}
