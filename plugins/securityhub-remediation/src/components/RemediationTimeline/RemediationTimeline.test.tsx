import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BackendRequestError } from '@internal/plugin-securityhub-remediation-common';
import {
  REMEDIATION_ID,
  fakeRemediationsApi,
  makeDetail,
  verifiedDetail,
} from '../../__testUtils__/fakeRemediationsApi';
import { renderWithRemediationsApi } from '../../__testUtils__/renderRemediations';
import { RemediationTimeline } from './RemediationTimeline';
import { LOCAL_MODE_BANNER } from './RemediationHeader';

jest.setTimeout(30_000);

// What the remediations client throws when the backend refuses.
function refusal(status: number, message: string) {
  return new BackendRequestError(message, status, 'Error');
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('RemediationTimeline', () => {
  it('links an AWS run to its console execution and lists its steps with their outputs', async () => {
    const detail = verifiedDetail();
    detail.automation = {
      mode: 'aws',
      documentName: 'SecHubRemediation-S3-5-1a2b3c4d',
      executionId: 'exec-42',
      status: 'Success',
      url: 'https://eu-west-1.console.aws.amazon.com/systems-manager/automation/execution/exec-42?region=eu-west-1',
      steps: [
        {
          name: 'RunAwsRunbook',
          action: 'aws:executeAutomation',
          status: 'Success',
          outputs: { ExecutionId: 'child-7' },
        },
      ],
    };
    const api = fakeRemediationsApi({ get: jest.fn(async () => detail) });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
    );
    const automation = await screen.findByTestId('delivery-Automation');
    expect(
      within(automation).getByRole('link', { name: /exec-42/ }),
    ).toHaveAttribute('href', detail.automation.url);
    expect(
      within(automation).getByText(/aws:executeAutomation/),
    ).toHaveTextContent(
      'RunAwsRunbook (aws:executeAutomation): Success — ExecutionId=child-7',
    );
  });

  it('shows the header, the seven stages and labels local work', async () => {
    const api = fakeRemediationsApi({
      get: jest.fn(async () => verifiedDetail()),
    });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
    );

    expect(
      await screen.findByText(/S3\.5: S3 general purpose buckets/),
    ).toBeInTheDocument();
    expect(screen.getByText(LOCAL_MODE_BANNER)).toBeInTheDocument();
    for (const stage of [
      'generate',
      'stage',
      'validate',
      'approval',
      'deploy',
      'run',
      'verify',
    ]) {
      const step = screen.getByTestId(`stage-${stage}`);
      expect(within(step).getByText('Local')).toBeInTheDocument();
      expect(within(step).getByText(`${stage} done`)).toBeInTheDocument();
    }
    const plan = screen.getByTestId('delivery-Deploy plan');
    expect(within(plan).getByText('Local')).toBeInTheDocument();
    expect(within(plan).getByText('StackSet')).toBeInTheDocument();
    expect(
      within(plan).getByText('111122223333, 444455556666'),
    ).toBeInTheDocument();
    expect(
      within(plan).getByText('No: planned only, nothing deployed'),
    ).toBeInTheDocument();
    const commit = screen.getByTestId('delivery-Commit');
    expect(
      within(commit).getByText('0123456789abcdef0123456789abcdef01234567'),
    ).toBeInTheDocument();
    expect(
      within(commit).getByText('deploy/SecHubRemediation-S3-5.yaml'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('delivery-Verification')).getByText(
        'Marked PASSED by a local run',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Committed 0123456 to remediations'),
    ).toBeInTheDocument();
    // Staged files are collapsed until opened.
    await userEvent.click(
      screen.getByText('deploy/SecHubRemediation-S3-5.yaml', { selector: 'p' }),
    );
    expect(
      await screen.findByRole('button', {
        name: 'Copy deploy/SecHubRemediation-S3-5.yaml',
      }),
    ).toBeInTheDocument();
  });

  it('has no local banner when AWS did the work', async () => {
    const aws = makeDetail({
      repository: undefined,
      pipeline: undefined,
      stages: [{ name: 'generate', status: 'succeeded', mode: 'aws' }],
      events: [],
      status: 'verified',
    });
    const api = fakeRemediationsApi({ get: jest.fn(async () => aws) });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
    );
    await screen.findByText(/S3\.5: S3 general purpose buckets/);
    expect(screen.queryByText(LOCAL_MODE_BANNER)).toBeNull();
    expect(screen.queryByText('Local')).toBeNull();
  });

  it('polls while in flight and stops at a terminal status', async () => {
    const answers = [
      makeDetail({ status: 'deploying', approvalToken: undefined }),
      makeDetail({ status: 'running', approvalToken: undefined }),
      verifiedDetail(),
    ];
    const get = jest.fn(async () => answers.shift() ?? verifiedDetail());
    const api = fakeRemediationsApi({ get });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} pollMs={20} />,
      api,
    );

    await waitFor(() =>
      expect(screen.getAllByText('verified').length).toBeGreaterThan(0),
    );
    expect(get).toHaveBeenCalledTimes(3);
    expect(get).toHaveBeenCalledWith(REMEDIATION_ID, expect.any(AbortSignal));
    await act(() => sleep(100));
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('stops polling when unmounted', async () => {
    const get = jest.fn(async () =>
      makeDetail({ status: 'running', approvalToken: undefined }),
    );
    const api = fakeRemediationsApi({ get });
    const { unmount } = await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} pollMs={20} />,
      api,
    );
    await waitFor(() =>
      expect(get.mock.calls.length).toBeGreaterThanOrEqual(2),
    );
    unmount();
    const calls = get.mock.calls.length;
    await act(() => sleep(100));
    expect(get.mock.calls.length).toBe(calls);
  });

  it('approves with the approval token and shows the new state', async () => {
    let current = makeDetail();
    const api = fakeRemediationsApi({
      get: jest.fn(async () => current),
      decide: jest.fn(async () => {
        current = makeDetail({ status: 'deploying', approvalToken: undefined });
        return current;
      }),
    });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText('Comment (optional)'),
      'fine',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    expect(api.decide).toHaveBeenCalledWith(REMEDIATION_ID, {
      decision: 'approve',
      comment: 'fine',
      approvalToken: 'token-1',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getAllByText('deploying').length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('needs a comment to reject and shows a self-approval refusal', async () => {
    const api = fakeRemediationsApi({
      decide: jest.fn(async () => {
        throw refusal(
          403,
          'You submitted this remediation; another approver must decide.',
        );
      }),
    });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    const dialog = await screen.findByRole('dialog');
    const send = within(dialog).getByRole('button', { name: 'Reject' });
    expect(send).toBeDisabled();
    await userEvent.type(within(dialog).getByRole('textbox'), 'Wrong bucket');
    expect(send).toBeEnabled();
    await userEvent.click(send);

    expect(api.decide).toHaveBeenCalledWith(REMEDIATION_ID, {
      decision: 'reject',
      comment: 'Wrong bucket',
      approvalToken: 'token-1',
    });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Not allowed: You submitted this remediation; another approver must decide.',
    );
  });

  it('explains a stale approval token', async () => {
    const api = fakeRemediationsApi({
      decide: jest.fn(async () => {
        throw refusal(409, 'The approval token is stale.');
      }),
    });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The approval token is stale. The remediation has moved on',
    );
  });

  it('retries a failed remediation for users who may create', async () => {
    const failed = makeDetail({
      status: 'failed',
      approvalToken: undefined,
      error: { stage: 'deploy', message: 'Stack rolled back', attempts: 3 },
    });
    const api = fakeRemediationsApi({ get: jest.fn(async () => failed) });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
    );

    expect(
      await screen.findByText(
        /Failed at deploy after 3 attempts: Stack rolled back/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(api.retry).toHaveBeenCalledWith(REMEDIATION_ID);
  });
});
