import { useState } from 'react';
import { useHref, useLocation } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import LinkIcon from '@material-ui/icons/Link';
import { CopyTextButton } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import {
  controlDocumentationUrl,
  resourceConsoleUrl,
  securityHubFindingUrl,
} from '../../awsLinks';
import { accountLabel, useAwsAccounts } from '../FindingsTable';

function ExternalLink(props: { href: string; children: string }) {
  return (
    <Link href={props.href} target="_blank" rel="noopener noreferrer">
      {props.children} (opens in a new tab)
    </Link>
  );
}

/**
 * Writes the page's address to the clipboard. The drawer's finding is in
 * the address (`?finding=`), so the link opens this finding for whoever
 * follows it.
 */
function CopyLinkButton() {
  // The current location as the app's router sees it (with its basename).
  const location = useLocation();
  const href = useHref({
    pathname: location.pathname,
    search: location.search,
    hash: location.hash,
  });
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(
        new URL(href, window.location.origin).toString(),
      );
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button
        size="small"
        variant="outlined"
        startIcon={<LinkIcon />}
        onClick={copy}
      >
        Copy link
      </Button>
      <Typography variant="caption" role="status">
        {state === 'copied' && 'Link copied'}
        {state === 'failed' &&
          'Could not copy; copy the address from the browser instead'}
      </Typography>
    </Box>
  );
}

/**
 * Where else this finding lives: a shareable link to this view, its id, the
 * finding in the Security Hub console, its resources' console pages (for
 * the common types), its control's documentation and its account's catalog
 * entity.
 */
export function FindingLinks(props: { finding: Finding }) {
  const { finding } = props;
  const accounts = useAwsAccounts();
  const account = accounts.get(finding.awsAccountId);
  const controlUrl = controlDocumentationUrl(finding.controlId);
  const resourceLinks = finding.resources
    .map(resource => ({
      resource,
      url: resourceConsoleUrl(resource, finding),
    }))
    .filter((r): r is { resource: typeof r.resource; url: string } =>
      Boolean(r.url),
    );

  return (
    <Box
      component="section"
      aria-label="Links"
      display="flex"
      flexDirection="column"
      style={{ gap: 8 }}
      mt={2}
    >
      <CopyLinkButton />
      <Box display="flex" alignItems="center" style={{ gap: 4 }}>
        <Typography variant="caption" color="textSecondary">
          Finding id
        </Typography>
        <Typography
          variant="caption"
          style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
          data-testid="finding-id"
        >
          {finding.id}
        </Typography>
        <CopyTextButton
          text={finding.id}
          aria-label="Copy finding id"
          tooltipText="Finding id copied"
        />
      </Box>
      <ExternalLink href={securityHubFindingUrl(finding)}>
        Open in the Security Hub console
      </ExternalLink>
      {resourceLinks.map(({ resource, url }) => (
        <ExternalLink key={`${resource.type}:${resource.id}`} href={url}>
          {`Open ${resource.type} in the AWS console`}
        </ExternalLink>
      ))}
      {controlUrl && (
        <ExternalLink href={controlUrl}>
          {`Control ${finding.controlId} in the AWS documentation`}
        </ExternalLink>
      )}
      {account && (
        <Typography variant="body2">
          Account:{' '}
          <EntityRefLink
            entityRef={account.entityRef}
            title={accountLabel(finding.awsAccountId, accounts)}
          />
        </Typography>
      )}
    </Box>
  );
}
