import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Conversation } from '@internal/plugin-securityhub-remediation-common';
import { securityHubChatApiRef } from '../../api';
import {
  fakeChatApi,
  startEvent,
  summaryOf,
} from '../../__testUtils__/fakeChatApi';
import { RemediationChat } from './RemediationChat';

// Role queries over MUI markup are slow on a shared 2-core runner.
jest.setTimeout(30_000);

const S3_ID = '11111111-1111-4111-8111-111111111111';
const IAM_ID = '22222222-2222-4222-8222-222222222222';

const s3Conversation: Conversation = {
  ...summaryOf({ id: S3_ID, title: 'S3.5 template' }),
  messages: [
    {
      id: 'u1',
      role: 'user',
      text: 'Render S3.5',
      events: [],
      status: 'complete',
      createdAt: '2025-01-01T10:00:00Z',
    },
    {
      id: 'a1',
      role: 'assistant',
      text: 'Here is the **curated** template.',
      events: [
        { type: 'text', text: 'Here is the **curated** template.' },
        {
          type: 'proposal',
          controlId: 'S3.5',
          controlTitle: 'S3 general purpose buckets should require SSL',
          automationKind: 'curated',
          templateYaml: 'Resources: {}\n',
        },
      ],
      status: 'complete',
      createdAt: '2025-01-01T10:00:01Z',
    },
    {
      id: 'u2',
      role: 'user',
      text: 'And IAM.6?',
      events: [],
      status: 'complete',
      createdAt: '2025-01-01T10:01:00Z',
    },
    {
      id: 'a2',
      role: 'assistant',
      text: 'Partial',
      events: [{ type: 'text', text: 'Partial' }],
      status: 'stopped',
      createdAt: '2025-01-01T10:01:01Z',
    },
  ],
};

async function renderWithConversations() {
  const fake = fakeChatApi({
    conversations: [
      summaryOf({ id: S3_ID, title: 'S3.5 template' }),
      summaryOf({ id: IAM_ID, title: 'Root MFA' }),
    ],
    stored: { [S3_ID]: s3Conversation },
  });
  await renderInTestApp(
    <TestApiProvider apis={[[securityHubChatApiRef, fake.api]]}>
      <RemediationChat />
    </TestApiProvider>,
  );
  const nav = screen.getByRole('navigation', { name: 'Conversations' });
  await within(nav).findByText('S3.5 template');
  return { fake, nav };
}

describe('RemediationChat conversations', () => {
  it('resumes a past conversation with its messages and answers', async () => {
    const { fake, nav } = await renderWithConversations();

    await userEvent.click(within(nav).getByText('S3.5 template'));

    expect(fake.api.getConversation).toHaveBeenCalledWith(S3_ID);
    const answers = await screen.findAllByTestId('chat-answer');
    expect(answers).toHaveLength(2);
    expect(await within(answers[0]).findByText('curated')).toBeInTheDocument();
    expect(within(answers[0]).getByTestId('chat-proposal')).toHaveTextContent(
      'S3.5 — S3 general purpose buckets should require SSL',
    );
    expect(answers[1]).toHaveTextContent('Stopped before the answer finished.');
    expect(
      screen.getAllByTestId('chat-user-message').map(m => m.textContent),
    ).toEqual(['Render S3.5', 'And IAM.6?']);
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(
      'S3.5 template',
    );
    const selected = within(nav)
      .getAllByTestId('chat-conversation')
      .find(item => item.getAttribute('aria-current') === 'true');
    expect(selected).toHaveTextContent('S3.5 template');

    // The next message continues this conversation instead of a new one.
    await userEvent.type(screen.getByLabelText('Message'), 'More?{Enter}');
    const stream = await fake.nextStream();
    expect(stream.conversationId).toBe(S3_ID);
    expect(fake.api.createConversation).not.toHaveBeenCalled();
    act(() => {
      stream.emit(startEvent());
      stream.end();
    });

    // New conversation empties the panel.
    await userEvent.click(
      screen.getByRole('button', { name: 'New conversation' }),
    );
    expect(screen.queryAllByTestId('chat-answer')).toHaveLength(0);
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(
      'New conversation',
    );
  });

  it('renames a conversation', async () => {
    const { fake, nav } = await renderWithConversations();

    await userEvent.click(
      within(nav).getByRole('button', { name: 'Rename Root MFA' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Rename conversation',
    });
    const input = within(dialog).getByLabelText('Title');
    await userEvent.clear(input);
    await userEvent.type(input, 'Root account MFA{Enter}');

    expect(fake.api.renameConversation).toHaveBeenCalledWith(
      IAM_ID,
      'Root account MFA',
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(within(nav).getByText('Root account MFA')).toBeInTheDocument();
    expect(within(nav).queryByText('Root MFA')).toBeNull();
  });

  it('deletes a conversation after confirmation, and not when cancelled', async () => {
    const { fake, nav } = await renderWithConversations();

    await userEvent.click(
      within(nav).getByRole('button', { name: 'Delete Root MFA' }),
    );
    let dialog = await screen.findByRole('dialog', {
      name: 'Delete conversation?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    expect(fake.api.deleteConversation).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await userEvent.click(
      within(nav).getByRole('button', { name: 'Delete Root MFA' }),
    );
    dialog = await screen.findByRole('dialog', {
      name: 'Delete conversation?',
    });
    expect(dialog).toHaveTextContent('“Root MFA” and its messages');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );

    expect(fake.api.deleteConversation).toHaveBeenCalledWith(IAM_ID);
    await waitFor(() => expect(within(nav).queryByText('Root MFA')).toBeNull());
    expect(within(nav).getByText('S3.5 template')).toBeInTheDocument();
  });

  it('shows the error of a failed delete in the dialog', async () => {
    const { fake, nav } = await renderWithConversations();
    fake.api.deleteConversation.mockRejectedValueOnce(
      new Error('The database is unavailable'),
    );

    await userEvent.click(
      within(nav).getByRole('button', { name: 'Delete S3.5 template' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The database is unavailable',
    );
    expect(within(nav).getByText('S3.5 template')).toBeInTheDocument();
  });
});
