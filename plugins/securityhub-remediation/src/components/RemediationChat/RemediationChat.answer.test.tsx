import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CONVERSATION_ID,
  fakeChatApi,
  startEvent,
} from '../../__testUtils__/fakeChatApi';
import {
  ask,
  DMS_FINDING_ID,
  dmsProposal,
  renderChat,
} from '../../__testUtils__/renderChat';

// Role queries over MUI markup are slow on a shared 2-core runner.
jest.setTimeout(30_000);

describe('RemediationChat answers', () => {
  it('streams the answer into place as markdown, with the local agent named', async () => {
    const fake = fakeChatApi();
    await renderChat(fake);

    const stream = await ask(fake, 'Is DMS.1 automated?');
    expect(fake.api.createConversation).toHaveBeenCalledWith({
      title: 'Is DMS.1 automated?',
    });
    expect(stream.conversationId).toBe(CONVERSATION_ID);
    expect(stream.request).toEqual({ message: 'Is DMS.1 automated?' });
    expect(screen.getByTestId('chat-user-message')).toHaveTextContent(
      'Is DMS.1 automated?',
    );
    expect(screen.getByLabelText('Message')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();

    act(() => stream.emit(startEvent('local')));
    expect(screen.getByText('Local agent')).toBeInTheDocument();
    act(() => stream.emit({ type: 'text', text: 'The control is **DM' }));
    const answer = screen.getByTestId('chat-answer');
    expect(answer).toHaveAttribute('aria-live', 'polite');
    expect(answer).toHaveAttribute('aria-busy', 'true');
    await waitFor(() => expect(answer).toHaveTextContent('The control is'));
    expect(answer).not.toHaveTextContent('DMS.1 (public access)');

    act(() => stream.emit({ type: 'text', text: 'S.1** (public access).' }));
    const strong = await within(answer).findByText('DMS.1');
    expect(strong.tagName).toBe('STRONG');
    expect(answer).toHaveTextContent('The control is DMS.1 (public access).');

    act(() => stream.end());
    await waitFor(() => expect(answer).toHaveAttribute('aria-busy', 'false'));
    expect(screen.getByLabelText('Message')).toBeEnabled();
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(
      'Is DMS.1 automated?',
    );
  });

  it('shows a proposal with its validation, parameters, copy, download and Remediate', async () => {
    const writeText = jest.fn(async (_text: string) => {});
    Object.assign(navigator, { clipboard: { writeText } });
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:test';
    });
    URL.revokeObjectURL = jest.fn();
    const downloads: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        downloads.push(this.download);
      });

    const fake = fakeChatApi();
    await renderChat(fake);
    const stream = await ask(fake, 'DMS.1');
    act(() => {
      stream.emit(startEvent());
      stream.emit(dmsProposal);
      stream.end();
    });

    const card = await screen.findByTestId('chat-proposal');
    expect(
      within(card).getByRole('heading', {
        name: /DMS\.1 — Database Migration/,
      }),
    ).toBeInTheDocument();
    expect(card).toHaveTextContent('Curated automation');
    expect(card).toHaveTextContent('Valid cloudformation');
    expect(card).toHaveTextContent(
      'AutomationAssumeRoleArn: Role the runbook assumes',
    );
    expect(within(card).getByTestId('code-yaml')).toHaveTextContent(
      'AWSTemplateFormatVersion',
    );

    await userEvent.click(
      within(card).getByRole('button', { name: 'Copy template' }),
    );
    expect(writeText).toHaveBeenCalledWith(dmsProposal.templateYaml);
    expect(
      within(card).getByRole('button', { name: 'Copied template' }),
    ).toBeInTheDocument();

    await userEvent.click(
      within(card).getByRole('button', {
        name: 'Download template as SecHubRemediation-DMS-1.yaml',
      }),
    );
    await userEvent.click(
      within(card).getByRole('button', {
        name: 'Download parameters as SecHubRemediation-DMS-1-params.json',
      }),
    );
    expect(downloads).toEqual([
      'SecHubRemediation-DMS-1.yaml',
      'SecHubRemediation-DMS-1-params.json',
    ]);
    expect(await blobs[0].text()).toBe(dmsProposal.templateYaml);
    expect(await blobs[1].text()).toBe(dmsProposal.parametersJson);
    click.mockRestore();

    const remediate = within(card).getByRole('link', { name: 'Remediate' });
    const href = new URL(remediate.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe(
      '/create/templates/default/securityhub-remediate-finding',
    );
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      findingId: DMS_FINDING_ID,
    });
  });

  it('labels model-written and cannot-automate proposals and lists validation problems', async () => {
    const fake = fakeChatApi();
    await renderChat(fake);
    const stream = await ask(fake, 'x');
    act(() => {
      stream.emit({
        ...dmsProposal,
        findingId: undefined,
        automationKind: 'model-written',
        validation: {
          valid: false,
          kind: 'cloudformation',
          problems: [
            {
              rule: 'E3012',
              path: '/Resources/Bucket',
              severity: 'error',
              message: 'Property is not a string',
            },
          ],
        },
      });
      stream.emit({
        type: 'proposal',
        controlId: 'IAM.6',
        controlTitle: 'Hardware MFA should be enabled for the root user',
        automationKind: 'cannot-automate',
        reason: 'A person must hold the device.',
        manualSteps: ['Sign in as root', 'Assign an MFA device'],
      });
      stream.end();
    });

    const [modelWritten, manual] = await screen.findAllByTestId(
      'chat-proposal',
    );
    expect(modelWritten).toHaveTextContent('Written by the model');
    expect(modelWritten).toHaveTextContent('Invalid cloudformation: 1 error');
    expect(modelWritten).toHaveTextContent(
      'error E3012 at /Resources/Bucket: Property is not a string',
    );
    // No finding in the proposal or the conversation: nothing to fill in.
    expect(
      within(modelWritten).getByRole('button', { name: 'Remediate' }),
    ).toBeDisabled();
    expect(manual).toHaveTextContent('Cannot be automated');
    expect(manual).toHaveTextContent('A person must hold the device.');
    expect(
      within(manual)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['Sign in as root', 'Assign an MFA device']);
  });

  it('lists citations as links, or as plain labels without a URL', async () => {
    const fake = fakeChatApi();
    await renderChat(fake);
    const stream = await ask(fake, 'x');
    const url =
      'https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html#dms-1';
    act(() => {
      stream.emit({
        type: 'citation',
        id: 'control:DMS.1',
        title: 'DMS.1 in the control catalog',
        source: 'control-catalog',
        url,
      });
      stream.emit({
        type: 'citation',
        id: 'curated:DMS.1',
        title: 'Curated automation for DMS.1',
        source: 'curated-library',
      });
      // The same source again is listed once.
      stream.emit({
        type: 'citation',
        id: 'control:DMS.1',
        title: 'DMS.1 in the control catalog',
        source: 'control-catalog',
        url,
      });
    });

    const sources = await screen.findByTestId('chat-citations');
    expect(within(sources).getAllByRole('listitem')).toHaveLength(2);
    const link = within(sources).getByRole('link', {
      name: 'DMS.1 in the control catalog',
    });
    expect(link).toHaveAttribute('href', url);
    expect(link).toHaveAttribute('target', '_blank');
    expect(sources).toHaveTextContent(
      'Curated automation for DMS.1 (Curated library)',
    );
    expect(
      within(sources).queryByRole('link', { name: /Curated automation/ }),
    ).toBeNull();
  });

  it('shows tool steps collapsed, expandable to their input and result', async () => {
    const fake = fakeChatApi();
    await renderChat(fake);
    const stream = await ask(fake, 'x');
    act(() => {
      stream.emit({
        type: 'tool',
        id: 't1',
        name: 'find_control',
        input: { text: 'replication instances public' },
        result: 'DMS.1 (score 0.91)',
        status: 'succeeded',
        durationMs: 12,
      });
      stream.emit({
        type: 'tool',
        id: 't2',
        name: 'read_finding',
        input: { findingId: 'nope' },
        status: 'failed',
        error: 'Not found',
        durationMs: 1500,
      });
    });

    const find = screen.getByRole('button', {
      name: 'Find the control, succeeded, 12 ms',
    });
    const read = screen.getByRole('button', {
      name: 'Read the finding, failed, 1.5 s',
    });
    expect(find).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('DMS.1 (score 0.91)')).toBeNull();

    await userEvent.click(find);
    expect(find).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('DMS.1 (score 0.91)')).toBeInTheDocument();
    expect(
      screen.getByText(/"text": "replication instances public"/),
    ).toBeInTheDocument();

    read.focus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText('Not found')).toBeInTheDocument();
  });
});
