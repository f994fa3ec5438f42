import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  findingsTestApis,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import {
  FindingsExplorer,
  type FindingsExplorerProps,
} from './FindingsExplorer';

// Many user interactions per test: slow on a busy 2-core machine.
jest.setTimeout(30_000);

const DEFAULT_FILTER = {
  complianceStatus: ['FAILED'],
  workflowStatus: ['NEW', 'NOTIFIED'],
  recordState: ['ACTIVE'],
};

function LocationProbe() {
  return <div data-testid="location-search">{useLocation().search}</div>;
}

async function renderExplorer(
  props: FindingsExplorerProps = {},
  routeEntries?: string[],
) {
  const api = mockFindingsApi();
  await renderInTestApp(
    <TestApiProvider apis={findingsTestApis(api)}>
      <FindingsExplorer {...props} />
      <LocationProbe />
    </TestApiProvider>,
    { routeEntries },
  );
  await screen.findByText('Hardware MFA should be enabled for the root user');
  return api;
}

function lastCall<T extends unknown[]>(fn: { mock: { calls: T[] } }): T {
  return fn.mock.calls[fn.mock.calls.length - 1];
}

describe('FindingsExplorer', () => {
  it('shows the summary counts and the rows of the first page', async () => {
    const api = await renderExplorer();

    const total = await screen.findByTestId('findings-total');
    expect(total).toHaveTextContent('1,234');
    expect(total).toHaveAttribute('data-count', '1234');
    expect(screen.getByTestId('severity-count-CRITICAL')).toHaveAttribute(
      'data-count',
      '5',
    );
    expect(screen.getByTestId('severity-count-MEDIUM')).toHaveAttribute(
      'data-count',
      '1000',
    );
    expect(screen.getAllByTestId('finding-row')).toHaveLength(2);
    expect(screen.getByLabelText('Account')).toBeInTheDocument();
    expect(screen.getByTestId('findings-page-range')).toHaveTextContent(
      '1–2 of 1,234',
    );

    // Open failed findings by default, sorted worst first.
    expect(api.getSummary).toHaveBeenCalledWith(DEFAULT_FILTER);
    expect(api.listFindings).toHaveBeenCalledWith({
      ...DEFAULT_FILTER,
      sort: 'severity',
      order: 'desc',
      limit: 50,
      cursor: undefined,
    });
  });

  it('toggles the severity filter from a count chip and refetches list and summary', async () => {
    const api = await renderExplorer();

    await userEvent.click(screen.getByTestId('severity-count-CRITICAL'));

    await waitFor(() =>
      expect(lastCall(api.getSummary)[0]).toEqual({
        ...DEFAULT_FILTER,
        severity: ['CRITICAL'],
      }),
    );
    expect(lastCall(api.listFindings)[0]).toMatchObject({
      ...DEFAULT_FILTER,
      severity: ['CRITICAL'],
    });
    expect(screen.getByTestId('severity-count-CRITICAL')).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await userEvent.click(screen.getByTestId('severity-count-CRITICAL'));
    await waitFor(() =>
      expect(lastCall(api.getSummary)[0]).toEqual(DEFAULT_FILTER),
    );
  });

  it('applies a workflow status chosen in its select', async () => {
    const api = await renderExplorer();

    await userEvent.click(
      screen.getByRole('button', { name: /Workflow status/ }),
    );
    const listbox = await screen.findByRole('listbox');
    await userEvent.click(within(listbox).getByText('RESOLVED'));

    await waitFor(() =>
      expect(lastCall(api.listFindings)[0].workflowStatus).toEqual([
        'NEW',
        'NOTIFIED',
        'RESOLVED',
      ]),
    );
    expect(lastCall(api.getSummary)[0].workflowStatus).toEqual([
      'NEW',
      'NOTIFIED',
      'RESOLVED',
    ]);
  });

  it('sends the search text once typing pauses', async () => {
    const api = await renderExplorer();
    const callsBefore = api.listFindings.mock.calls.length;

    await userEvent.type(screen.getByLabelText('Search'), 'payments');

    await waitFor(() =>
      expect(lastCall(api.listFindings)[0].q).toBe('payments'),
    );
    // Debounced: one request for the whole word, not one per keystroke.
    expect(api.listFindings.mock.calls.length - callsBefore).toBe(1);
    expect(lastCall(api.getSummary)[0].q).toBe('payments');
  });

  it('pages forward with the next cursor and back to the first page', async () => {
    const api = await renderExplorer();
    const pager = within(
      screen.getByRole('navigation', { name: 'Findings pages, bottom' }),
    );
    expect(pager.getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await userEvent.click(pager.getByRole('button', { name: 'Next page' }));

    expect(await screen.findByText('Finding on page two')).toBeInTheDocument();
    expect(lastCall(api.listFindings)[0].cursor).toBe('cursor-page-2');
    expect(screen.getByTestId('findings-page-range')).toHaveTextContent(
      '51–51 of 1,234',
    );
    expect(screen.getByTestId('findings-page-range-top')).toHaveTextContent(
      '51–51 of 1,234',
    );
    expect(pager.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(pager.getByRole('button', { name: 'Previous page' }));

    await screen.findByText('Hardware MFA should be enabled for the root user');
    expect(lastCall(api.listFindings)[0].cursor).toBeUndefined();
  });

  it('sorts on the server when a sortable header is clicked', async () => {
    const api = await renderExplorer();

    await userEvent.click(screen.getByRole('button', { name: 'Title' }));
    await waitFor(() =>
      expect(lastCall(api.listFindings)[0]).toMatchObject({
        sort: 'title',
        order: 'asc',
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Title' }));
    await waitFor(() =>
      expect(lastCall(api.listFindings)[0]).toMatchObject({
        sort: 'title',
        order: 'desc',
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Updated' }));
    await waitFor(() =>
      expect(lastCall(api.listFindings)[0]).toMatchObject({
        sort: 'updatedAt',
        order: 'desc',
      }),
    );
    // Sorting does not change what is counted.
    expect(api.getSummary).toHaveBeenCalledTimes(1);
  });

  it('opens the detail drawer on row click with the raw ASFF JSON', async () => {
    const api = await renderExplorer();

    const row = screen.getAllByTestId('finding-row')[0];
    await userEvent.click(within(row).getByText('eu-west-1'));

    const drawer = await screen.findByTestId('finding-detail-drawer');
    expect(api.getFinding).toHaveBeenCalledWith(
      'arn:aws:securityhub:eu-west-1:111122223333:security-control/IAM.6/finding/0002',
    );
    const raw = await within(drawer).findByTestId('finding-raw-json');
    expect(raw.textContent).toContain('"SchemaVersion": "2018-10-08"');
    expect(within(drawer).getByText('CONFIG_EVALUATIONS_EMPTY')).toBeVisible();
    const guide = within(drawer).getByRole('link', {
      name: /Remediation guide/,
    });
    expect(guide).toHaveAttribute('target', '_blank');
    expect(guide).toHaveAttribute('rel', expect.stringContaining('noopener'));

    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Close finding details' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByTestId('finding-detail-drawer'),
      ).not.toBeInTheDocument(),
    );
  });

  it('opens the drawer from the keyboard via the title button', async () => {
    const api = await renderExplorer();

    screen
      .getByRole('button', {
        name: 'Hardware MFA should be enabled for the root user',
      })
      .focus();
    await userEvent.keyboard('{Enter}');

    expect(await screen.findByTestId('finding-detail-drawer')).toBeVisible();
    expect(api.getFinding).toHaveBeenCalledTimes(1);
  });

  it('reads the filters from the URL and writes changes back', async () => {
    const api = await renderExplorer({ persistInUrl: true }, [
      '/?severity=HIGH&region=eu-west-1&sort=updatedAt&order=asc',
    ]);

    expect(api.getSummary).toHaveBeenCalledWith({
      region: ['eu-west-1'],
      severity: ['HIGH'],
    });
    expect(lastCall(api.listFindings)[0]).toMatchObject({
      sort: 'updatedAt',
      order: 'asc',
    });

    await userEvent.click(screen.getByTestId('severity-count-CRITICAL'));
    await waitFor(() =>
      expect(screen.getByTestId('location-search')).toHaveTextContent(
        '?region=eu-west-1&severity=HIGH&severity=CRITICAL&sort=updatedAt&order=asc',
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: 'All findings' }));
    await waitFor(() => expect(lastCall(api.getSummary)[0]).toEqual({}));
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      '?view=all&sort=updatedAt&order=asc',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    await waitFor(() =>
      expect(lastCall(api.getSummary)[0]).toEqual(DEFAULT_FILTER),
    );
    expect(screen.getByTestId('location-search')).toBeEmptyDOMElement();
  });

  it('narrows to an account from the by-account overview', async () => {
    const api = await renderExplorer({ showAccountOverview: true });

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show findings of account 444455556666',
      }),
    );

    await waitFor(() =>
      expect(lastCall(api.listFindings)[0].accountId).toEqual(['444455556666']),
    );
  });

  it('limits everything to a fixed account and leaves out its filter and column', async () => {
    const api = await renderExplorer({ fixedAccountId: '111122223333' });

    expect(api.getSummary).toHaveBeenCalledWith({
      ...DEFAULT_FILTER,
      accountId: ['111122223333'],
    });
    expect(lastCall(api.listFindings)[0].accountId).toEqual(['111122223333']);
    expect(screen.queryByLabelText('Account')).not.toBeInTheDocument();
    const headers = screen
      .getAllByRole('columnheader')
      .map(header => header.textContent);
    expect(headers).toContain('Region');
    expect(headers).not.toContain('Account');
  });
});
