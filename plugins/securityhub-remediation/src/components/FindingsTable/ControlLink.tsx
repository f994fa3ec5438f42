import { controlDocumentationUrl } from '../../awsLinks';
import { stopRowClick } from './FindingCells';

/** A control id linked to its section of the Security Hub user guide. */
export function ControlLink(props: {
  controlId: string | null;
  className?: string;
}) {
  const url = controlDocumentationUrl(props.controlId);
  if (!url) return <>{props.controlId ?? '—'}</>;
  return (
    <a
      href={url}
      className={props.className}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`Control ${props.controlId} in the AWS documentation (opens in a new tab)`}
      // Rows open the detail drawer on click; following the link must not.
      onClick={stopRowClick}
    >
      {props.controlId}
    </a>
  );
}
