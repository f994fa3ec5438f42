import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { securityHubChatApiRef } from '../../api';
import { fakeChatApi } from '../../__testUtils__/fakeChatApi';
import {
  criticalFinding,
  findingsTestApis,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { SecurityHubFindingsPageContent } from '../SecurityHubFindingsPage';
import { FindingDetailDrawer } from './FindingDetailDrawer';

// Role queries over MUI markup are slow on a shared 2-core runner.
jest.setTimeout(30_000);

describe('the remediation assistant in the findings views', () => {
  it('asks about the finding of the drawer in a new conversation', async () => {
    const chat = fakeChatApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          ...findingsTestApis(mockFindingsApi()),
          [securityHubChatApiRef, chat.api],
        ]}
      >
        <FindingDetailDrawer finding={criticalFinding} onClose={() => {}} />
      </TestApiProvider>,
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Ask about this finding' }),
    );
    const assistant = await screen.findByRole('dialog', {
      name: 'Remediation assistant',
    });
    expect(
      within(assistant).getByText(`About finding: ${criticalFinding.title}`),
    ).toBeInTheDocument();

    await userEvent.type(
      within(assistant).getByLabelText('Message'),
      'How do I fix it?{Enter}',
    );
    const stream = await chat.nextStream();
    expect(chat.api.createConversation).toHaveBeenCalledWith({
      title: 'How do I fix it?',
      findingId: criticalFinding.id,
    });

    await userEvent.click(
      within(assistant).getByRole('button', {
        name: 'Close the remediation assistant',
      }),
    );
    // Closing unmounts the panel, which stops the answer still streaming.
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Remediation assistant' }),
      ).toBeNull(),
    );
    expect(stream.signal?.aborted).toBe(true);
  });

  it('opens the assistant without a finding from the findings page', async () => {
    const chat = fakeChatApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          ...findingsTestApis(mockFindingsApi()),
          [securityHubChatApiRef, chat.api],
        ]}
      >
        <SecurityHubFindingsPageContent />
      </TestApiProvider>,
    );
    // The chat API is not called until the assistant is opened.
    expect(chat.api.listConversations).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Ask the remediation assistant' }),
    );
    const assistant = await screen.findByRole('dialog', {
      name: 'Remediation assistant',
    });
    expect(chat.api.listConversations).toHaveBeenCalled();
    expect(within(assistant).queryByText(/About finding/)).toBeNull();
    expect(
      within(assistant).getByRole('button', {
        name: /^Generate an automation for remediating the finding, database migration service/,
      }),
    ).toBeInTheDocument();
  });
});
