import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ChangePreview } from '@internal/plugin-securityhub-remediation-common';
import { Fields } from '../FindingDetailDrawer/FindingDetailSections';

function List(props: { items: string[]; empty: string }) {
  if (props.items.length === 0) return <>{props.empty}</>;
  return (
    <Box component="ul" m={0} pl={2}>
      {props.items.map(item => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </Box>
  );
}

/** What a remediation will change: where it deploys, what it creates and may do. */
export function ChangePreviewView(props: { preview: ChangePreview }) {
  const p = props.preview;
  return (
    <Box data-testid="change-preview">
      <Fields
        entries={[
          {
            label: p.deployment === 'stack-set' ? 'StackSet' : 'Stack',
            value: <code>{p.stackName}</code>,
          },
          { label: 'Accounts', value: p.accounts.join(', ') || '—' },
          { label: 'Regions', value: p.regions.join(', ') || '—' },
          {
            label: 'Automation document',
            value: <code>{p.documentName}</code>,
          },
          {
            label: 'Creates',
            value: (
              <List
                items={p.creates.map(c => `${c.logicalId} (${c.type})`)}
                empty="Nothing"
              />
            ),
          },
          {
            label: 'Acts on',
            value: (
              <List
                items={p.targets.map(t => `${t.type} ${t.id}`)}
                empty="No resources named"
              />
            ),
          },
          {
            label: 'IAM actions',
            value: (
              <List
                items={p.iamActions.map(
                  a => `${a.action} on ${a.resources.join(', ') || '*'}`,
                )}
                empty="None"
              />
            ),
          },
        ]}
      />
      {p.deployment === 'stack-set' && (
        <Typography variant="caption" color="textSecondary">
          A StackSet deploys into every account and region listed.
        </Typography>
      )}
    </Box>
  );
}
