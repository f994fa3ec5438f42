import Box from '@material-ui/core/Box';
import { Content, Header, Page } from '@backstage/core-components';
import { FindingsExplorer } from '../FindingsExplorer';
import { SyncStatusLine } from '../SyncStatusLine';

/**
 * The portal-wide findings view without page chrome: the new frontend system
 * renders the plugin header around it.
 */
export function SecurityHubFindingsPageContent() {
  return (
    <>
      <Box mb={2}>
        <SyncStatusLine />
      </Box>
      <FindingsExplorer persistInUrl showAccountOverview />
    </>
  );
}

/** The portal-wide findings page with its own Backstage header. */
export function SecurityHubFindingsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Security Hub findings"
        subtitle="AWS Security Hub control findings across all accounts"
      />
      <Content>
        <SecurityHubFindingsPageContent />
      </Content>
    </Page>
  );
}
