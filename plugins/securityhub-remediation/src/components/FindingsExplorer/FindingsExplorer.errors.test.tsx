import { screen } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  findingsTestApis,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { FindingsExplorer } from './FindingsExplorer';

async function renderWith(api: ReturnType<typeof mockFindingsApi>) {
  await renderInTestApp(
    <TestApiProvider apis={findingsTestApis(api)}>
      <FindingsExplorer />
    </TestApiProvider>,
  );
}

describe('FindingsExplorer errors and empty state', () => {
  it('shows the backend error when the list fails', async () => {
    const api = mockFindingsApi();
    api.listFindings.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(JSON.stringify({ error: { message: 'limit: too big' } }), {
          status: 400,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    await renderWith(api);

    expect(
      await screen.findByText(/Could not load findings/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('finding-row')).not.toBeInTheDocument();
    // The counts still load independently.
    expect(await screen.findByTestId('findings-total')).toHaveAttribute(
      'data-count',
      '1234',
    );
  });

  it('explains a permission denial instead of showing a stack', async () => {
    const api = mockFindingsApi();
    const forbidden = await ResponseError.fromResponse(
      new Response('', { status: 403, statusText: 'Forbidden' }),
    );
    api.listFindings.mockRejectedValue(forbidden);
    api.getSummary.mockRejectedValue(forbidden);
    await renderWith(api);

    expect(
      (await screen.findAllByText(/not allowed to see Security Hub findings/))
        .length,
    ).toBe(2);
  });

  it('offers all findings when nothing matches the filters', async () => {
    const api = mockFindingsApi();
    api.listFindings.mockResolvedValue({
      items: [],
      totalCount: 0,
      nextCursor: null,
    });
    await renderWith(api);

    expect(
      await screen.findByText('No findings match these filters.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Show all findings' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('findings-page-range')).toHaveTextContent(
      '0 of 0',
    );
  });
});
