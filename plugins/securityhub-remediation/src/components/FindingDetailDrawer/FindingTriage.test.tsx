import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import {
  findingsTestApis,
  mediumFinding,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { FindingTriage } from './FindingTriage';

jest.setTimeout(30_000);

async function renderTriage(api = mockFindingsApi()) {
  const onTriaged = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={findingsTestApis(api)}>
      <FindingTriage finding={mediumFinding} onTriaged={onTriaged} />
    </TestApiProvider>,
  );
  await screen.findByRole('heading', { name: 'Triage' });
  return { api, onTriaged };
}

async function chooseStatus(status: string) {
  await userEvent.click(
    screen.getByRole('button', { name: /Workflow status, this finding/ }),
  );
  await userEvent.click(
    within(await screen.findByRole('listbox')).getByRole('option', {
      name: status,
    }),
  );
}

describe('FindingTriage', () => {
  it('saves a new status with a note and tells the drawer to refresh', async () => {
    const { api, onTriaged } = await renderTriage();
    const save = screen.getByRole('button', { name: 'Save' });
    // The finding's own status, unchanged and without a note: nothing to save.
    expect(save).toBeDisabled();

    await chooseStatus('SUPPRESSED');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Note, this finding' }),
      '  Accepted risk until Q3 ',
    );
    await userEvent.click(save);

    expect(
      await screen.findByText(/Saved: 1 finding updated/),
    ).toBeInTheDocument();
    expect(api.triageFindings).toHaveBeenCalledWith({
      findingIds: [mediumFinding.id],
      workflowStatus: 'SUPPRESSED',
      note: 'Accepted risk until Q3',
    });
    expect(onTriaged).toHaveBeenCalledTimes(1);
    expect(
      screen.getByRole('textbox', { name: 'Note, this finding' }),
    ).toHaveValue('');
  });

  it('sends a note alone without changing the status', async () => {
    const { api } = await renderTriage();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Note, this finding' }),
      'Owner contacted',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.triageFindings).toHaveBeenCalledWith({
        findingIds: [mediumFinding.id],
        workflowStatus: undefined,
        note: 'Owner contacted',
      }),
    );
  });

  it('shows why Security Hub did not update the finding', async () => {
    const api = mockFindingsApi();
    api.triageFindings.mockResolvedValueOnce({
      results: [
        {
          findingId: mediumFinding.id,
          status: 'failed',
          reason: 'Security Hub did not update it: FindingNotFound',
        },
      ],
      updated: 0,
      failed: 1,
    });
    const { onTriaged } = await renderTriage(api);
    await chooseStatus('RESOLVED');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText(/0 updated, 1 not updated/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Security Hub did not update it: FindingNotFound/),
    ).toBeInTheDocument();
    expect(onTriaged).not.toHaveBeenCalled();
  });

  it('shows the backend’s refusal', async () => {
    const api = mockFindingsApi();
    api.triageFindings.mockRejectedValueOnce(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message:
                'You are not allowed to triage findings: ask for the securityhub.finding.update permission',
            },
            request: { method: 'POST', url: '/v1/findings/triage' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    await renderTriage(api);
    await chooseStatus('NOTIFIED');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        /Not allowed: You are not allowed to triage findings/,
      ),
    ).toBeInTheDocument();
  });

  it('refuses a note over Security Hub’s 512 characters before sending it', async () => {
    const { api } = await renderTriage();
    const note = screen.getByRole('textbox', { name: 'Note, this finding' });
    await userEvent.click(note);
    await userEvent.paste('x'.repeat(513));
    expect(screen.getByText(/513\/512/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(api.triageFindings).not.toHaveBeenCalled();
  });
});
