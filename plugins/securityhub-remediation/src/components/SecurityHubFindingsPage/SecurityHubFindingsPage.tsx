import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ChatOutlinedIcon from '@material-ui/icons/ChatOutlined';
import { Content, Header, Page } from '@backstage/core-components';
import { FindingsExplorer } from '../FindingsExplorer';
import { RemediationChatDrawer } from '../RemediationChat';
import { SyncStatusLine } from '../SyncStatusLine';

/**
 * The portal-wide findings view without page chrome: the new frontend system
 * renders the plugin header around it.
 */
export function SecurityHubFindingsPageContent() {
  const [chatOpen, setChatOpen] = useState(false);
  return (
    <>
      <Box
        mb={2}
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        style={{ gap: 8 }}
      >
        <SyncStatusLine />
        <Button
          variant="outlined"
          color="primary"
          startIcon={<ChatOutlinedIcon />}
          onClick={() => setChatOpen(true)}
        >
          Ask the remediation assistant
        </Button>
      </Box>
      <FindingsExplorer persistInUrl showAccountOverview />
      <RemediationChatDrawer
        open={chatOpen}
        onClose={() => setChatOpen(false)}
      />
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
