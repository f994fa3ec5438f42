import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigate } from 'react-router-dom';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  criticalFinding,
  findingsTestApis,
  mockFindingsApi,
  summary,
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

/** Shows the URL's query and goes back in history, as the browser's Back does. */
function HistoryProbe() {
  const navigate = useNavigate();
  return (
    <>
      <div data-testid="location-search">{useLocation().search}</div>
      <button onClick={() => navigate(-1)}>Browser back</button>
    </>
  );
}

async function renderExplorer(
  search: string,
  props: FindingsExplorerProps = { persistInUrl: true },
  api = mockFindingsApi(),
) {
  await renderInTestApp(
    <TestApiProvider apis={findingsTestApis(api)}>
      <FindingsExplorer {...props} />
      <HistoryProbe />
    </TestApiProvider>,
    { routeEntries: [`/${search}`] },
  );
  return api;
}

const location = () => screen.getByTestId('location-search');
const lastFilter = (api: ReturnType<typeof mockFindingsApi>) =>
  api.getSummary.mock.calls[api.getSummary.mock.calls.length - 1][0];

describe('FindingsExplorer URL state', () => {
  it('undoes the last filter change with Back', async () => {
    const api = await renderExplorer('?severity=HIGH');
    await screen.findByText('Hardware MFA should be enabled for the root user');

    await userEvent.click(screen.getByTestId('severity-count-CRITICAL'));
    await waitFor(() =>
      expect(location()).toHaveTextContent('?severity=HIGH&severity=CRITICAL'),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await waitFor(() =>
      expect(lastFilter(api)).toEqual({ severity: ['HIGH'] }),
    );
    expect(location()).toHaveTextContent('?severity=HIGH');
    expect(screen.getByTestId('severity-count-CRITICAL')).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  });

  it('names an invalid value, keeps the other filters and drops it on request', async () => {
    const api = await renderExplorer('?severity=SEVERE&region=eu-west-1');

    const problem = await screen.findByTestId('query-problem');
    expect(problem).toHaveTextContent('severity=SEVERE');
    expect(api.getSummary).toHaveBeenCalledWith({ region: ['eu-west-1'] });

    await userEvent.click(
      within(problem).getByRole('button', { name: /Remove severity=SEVERE/ }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('query-problem')).not.toBeInTheDocument(),
    );
    expect(location()).toHaveTextContent('?region=eu-west-1');
  });

  it('keeps the default filters when the only filter value is invalid', async () => {
    const api = await renderExplorer('?severity=SEVERE');
    expect(await screen.findByTestId('query-problem')).toBeInTheDocument();
    expect(api.getSummary).toHaveBeenCalledWith(DEFAULT_FILTER);
  });

  it('puts the page in the URL, so a reload shows the same page', async () => {
    const scrollIntoView = jest.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    const api = await renderExplorer('');
    await screen.findByText('Hardware MFA should be enabled for the root user');
    const pager = within(
      screen.getByRole('navigation', { name: 'Findings pages, top' }),
    );
    await userEvent.click(pager.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Finding on page two');
    expect(location()).toHaveTextContent('?page=2&cursor=cursor-page-2');
    // The table's top comes into view, where the new rows start.
    expect(scrollIntoView).toHaveBeenCalledWith({ block: 'start' });
    expect(api.listFindings).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'cursor-page-2' }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await screen.findByText('Hardware MFA should be enabled for the root user');
    expect(location()).toBeEmptyDOMElement();
  });

  it('opens a page named by the URL, with its range', async () => {
    const api = await renderExplorer('?page=2&cursor=cursor-page-2');
    expect(await screen.findByText('Finding on page two')).toBeInTheDocument();
    expect(api.listFindings).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('findings-page-range')).toHaveTextContent(
      '51–51 of 1,234',
    );
  });

  it('jumps to a page not seen yet by its offset, with its number in the URL', async () => {
    const api = await renderExplorer('');
    await screen.findByText('Hardware MFA should be enabled for the root user');
    // 1,234 findings at 50 a page: every page is within reach of a jump.
    await userEvent.click(screen.getAllByRole('button', { name: /^Page/ })[0]);
    await userEvent.click(await screen.findByRole('option', { name: '5' }));
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 200, cursor: undefined }),
      ),
    );
    expect(location()).toHaveTextContent('page=5');
    expect(location()).not.toHaveTextContent('cursor=');
  });

  it('puts the open finding in the URL and closes it with Back', async () => {
    await renderExplorer('');
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Hardware MFA should be enabled for the root user',
      }),
    );
    expect(await screen.findByTestId('finding-detail-drawer')).toBeVisible();
    expect(location()).toHaveTextContent(
      `?finding=${encodeURIComponent(criticalFinding.id)}`,
    );

    // The drawer is modal: the rest of the page is hidden from the a11y tree.
    fireEvent.click(
      screen.getByRole('button', { name: 'Browser back', hidden: true }),
    );
    await waitFor(() =>
      expect(
        screen.queryByTestId('finding-detail-drawer'),
      ).not.toBeInTheDocument(),
    );
  });

  it('opens a shared link to a finding that is not on the page by its id', async () => {
    const id = 'arn:aws:securityhub:us-east-1:111122223333:finding/elsewhere';
    const api = await renderExplorer(`?finding=${encodeURIComponent(id)}`);
    const drawer = await screen.findByTestId('finding-detail-drawer');
    expect(api.getFinding).toHaveBeenCalledWith(id);
    expect(within(drawer).getByTestId('finding-id')).toHaveTextContent(id);
  });

  it('says so when a shared finding does not exist', async () => {
    const api = mockFindingsApi();
    api.getFinding.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response('Not Found', { status: 404, statusText: 'Not Found' }),
      ),
    );
    await renderExplorer('?finding=gone', undefined, api);
    expect(await screen.findByTestId('open-finding-problem')).toHaveTextContent(
      'Finding gone was not found',
    );
    expect(
      screen.queryByTestId('finding-detail-drawer'),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(location()).toBeEmptyDOMElement());
  });

  it('keeps the entity tab state under its prefix, clear of the page parameters', async () => {
    const api = await renderExplorer('?tab=findings&findings.severity=LOW', {
      persistInUrl: true,
      urlPrefix: 'findings.',
      fixedAccountId: '111122223333',
    });
    await waitFor(() =>
      expect(api.getSummary).toHaveBeenCalledWith({
        severity: ['LOW'],
        accountId: ['111122223333'],
      }),
    );
    await userEvent.click(screen.getByTestId('severity-count-HIGH'));
    await waitFor(() =>
      expect(location()).toHaveTextContent(
        '?tab=findings&findings.severity=LOW&findings.severity=HIGH',
      ),
    );
  });
});

describe('FindingsExplorer counts', () => {
  it('shows each severity what it would match with the other filters', async () => {
    const api = mockFindingsApi();
    api.getSummary.mockResolvedValue({
      ...summary,
      total: 29,
      bySeverity: {
        CRITICAL: 0,
        HIGH: 29,
        MEDIUM: 0,
        LOW: 0,
        INFORMATIONAL: 0,
      },
    });
    await renderExplorer('?severity=HIGH', undefined, api);

    const critical = await screen.findByTestId('severity-count-CRITICAL');
    await waitFor(() => expect(critical).toHaveAttribute('data-count', '5'));
    expect(screen.getByTestId('severity-count-MEDIUM')).toHaveAttribute(
      'data-count',
      '1000',
    );
    expect(screen.getByTestId('findings-total')).toHaveAttribute(
      'data-count',
      '29',
    );
  });

  it('shows skeletons, not zeros or "no accounts", until the first answers', async () => {
    const api = mockFindingsApi();
    api.getSummary.mockReturnValue(new Promise(() => {}));
    api.listFindings.mockReturnValue(new Promise(() => {}));
    await renderExplorer(
      '',
      { persistInUrl: true, showAccountOverview: true },
      api,
    );

    expect(
      await screen.findByTestId('findings-total-loading'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('severity-count-CRITICAL-loading'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('severity-count-CRITICAL')).toHaveAttribute(
      'data-count',
      '',
    );
    expect(
      screen.getAllByTestId('account-overview-loading').length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByText('No accounts match the filters.'),
    ).not.toBeInTheDocument();
    expect(screen.getAllByTestId('finding-row-loading').length).toBeGreaterThan(
      0,
    );
    expect(
      screen.queryByText('No findings match these filters.'),
    ).not.toBeInTheDocument();
  });
});
