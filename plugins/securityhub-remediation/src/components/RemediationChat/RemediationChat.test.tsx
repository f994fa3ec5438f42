import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChatRequestError } from '@internal/plugin-securityhub-remediation-common';
import { doneEvent, fakeChatApi } from '../../__testUtils__/fakeChatApi';
import {
  ask,
  DMS_FINDING_ID,
  dmsProposal,
  renderChat,
} from '../../__testUtils__/renderChat';

// Role queries over MUI markup are slow on a shared 2-core runner.
jest.setTimeout(30_000);

describe('RemediationChat', () => {
  it('sends the value of a question option as the next message', async () => {
    const fake = fakeChatApi();
    await renderChat(fake);
    const first = await ask(fake, 'public database');
    act(() => {
      first.emit({
        type: 'question',
        text: 'Which control do you mean?',
        options: [
          { label: 'DMS.1 — replication instances', value: 'DMS.1' },
          { label: 'RDS.2 — DB instances', value: 'RDS.2' },
        ],
      });
    });
    const option = screen.getByRole('button', { name: 'RDS.2 — DB instances' });
    // Not while the question's own answer is still streaming.
    expect(option).toBeDisabled();
    act(() => first.end());
    await waitFor(() => expect(option).toBeEnabled());

    await userEvent.click(option);
    const second = await fake.nextStream();
    expect(second.request).toEqual({ message: 'RDS.2' });
    expect(fake.api.createConversation).toHaveBeenCalledTimes(1);
    expect(screen.getAllByTestId('chat-user-message')[1]).toHaveTextContent(
      'RDS.2',
    );
  });

  it('stops a streaming answer with the Stop button', async () => {
    const fake = fakeChatApi();
    await renderChat(fake);
    const stream = await ask(fake, 'x');
    act(() => stream.emit({ type: 'text', text: 'Half an' }));

    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));

    expect(stream.signal?.aborted).toBe(true);
    const answer = screen.getByTestId('chat-answer');
    await waitFor(() =>
      expect(answer).toHaveAttribute('data-status', 'stopped'),
    );
    expect(answer).toHaveTextContent('Half an');
    expect(answer).toHaveTextContent('Stopped before the answer finished.');
    expect(screen.getByLabelText('Message')).toBeEnabled();
    expect(screen.getByLabelText('Message')).toHaveFocus();
  });

  it('shows an error in place and retries the last message', async () => {
    const fake = fakeChatApi();
    await renderChat(fake);
    const first = await ask(fake, 'Render S3.5');
    act(() =>
      first.end({
        type: 'error',
        code: 'throttled',
        message: 'Bedrock is throttling requests',
        retryable: true,
      }),
    );
    const alert = await screen.findByTestId('chat-error');
    expect(alert).toHaveTextContent('Bedrock is throttling requests');

    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    const second = await fake.nextStream();
    expect(second.request).toEqual({ message: 'Render S3.5' });
    // Only the last answer offers Retry.
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();

    act(() =>
      second.fail(new ChatRequestError('Not allowed to use the chat', 403)),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('chat-error')).toHaveLength(2),
    );
    const errors = screen.getAllByTestId('chat-error');
    expect(errors[1]).toHaveTextContent('Not allowed to use the chat');
    expect(errors[1]).toHaveTextContent(
      'Sending the same message again will not help.',
    );
    expect(
      within(errors[1]).queryByRole('button', { name: 'Retry' }),
    ).toBeNull();
  });

  it('starts a conversation about the finding it was opened for', async () => {
    const fake = fakeChatApi();
    await renderChat(fake, {
      findingId: DMS_FINDING_ID,
      findingTitle: 'DMS public',
    });
    expect(screen.getByText('About finding: DMS public')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Generate an automation for remediating this finding',
      }),
    );
    const stream = await fake.nextStream();
    expect(fake.api.createConversation).toHaveBeenCalledWith({
      title: 'Generate an automation for remediating this finding',
      findingId: DMS_FINDING_ID,
    });
    act(() => {
      stream.emit({ ...dmsProposal, findingId: undefined });
      stream.end(doneEvent());
    });
    // The proposal names no finding: the conversation's is filled in.
    const remediate = await screen.findByRole('link', { name: 'Remediate' });
    expect(remediate.getAttribute('href')).toContain(
      encodeURIComponent(DMS_FINDING_ID),
    );
  });
});
