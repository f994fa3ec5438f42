import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import FileCopyOutlinedIcon from '@material-ui/icons/FileCopyOutlined';
import GetAppIcon from '@material-ui/icons/GetApp';
import { CodeSnippet } from '@backstage/core-components';

/** A scrollable, highlighted code block (focusable so the keyboard can scroll it). */
export function CodeBlock(props: {
  label: string;
  language: string;
  text: string;
}) {
  return (
    <>
      <Typography variant="caption" component="div" color="textSecondary">
        {props.label}
      </Typography>
      <Box
        maxHeight={360}
        overflow="auto"
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        role="region"
        aria-label={props.label}
        data-testid={`code-${props.language}`}
      >
        <CodeSnippet text={props.text} language={props.language} />
      </Box>
    </>
  );
}

/** Copy to the clipboard and download as a file. */
export function CodeActions(props: {
  /** What the text is, for the button labels: `template`, `parameters`. */
  what: string;
  fileName: string;
  mimeType: string;
  text: string;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(undefined), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  let copyText = 'Copy';
  if (copied === 'yes') copyText = 'Copied';
  if (copied === 'failed') copyText = 'Copy failed';

  return (
    <Box display="flex" style={{ gap: 8 }} mt={0.5}>
      <Button
        size="small"
        startIcon={<FileCopyOutlinedIcon />}
        onClick={copy}
        aria-label={`${copyText} ${props.what}`}
      >
        {copyText}
      </Button>
      <Button
        size="small"
        startIcon={<GetAppIcon />}
        onClick={() => download(props.fileName, props.mimeType, props.text)}
        aria-label={`Download ${props.what} as ${props.fileName}`}
      >
        Download
      </Button>
      <span role="status" style={{ position: 'absolute', left: -9999 }}>
        {copied === 'yes' ? `${props.what} copied` : ''}
      </span>
    </Box>
  );
}

function download(fileName: string, mimeType: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
