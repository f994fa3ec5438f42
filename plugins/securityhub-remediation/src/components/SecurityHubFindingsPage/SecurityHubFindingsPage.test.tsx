import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  findingsTestApis,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { SecurityHubFindingsPage } from './SecurityHubFindingsPage';

describe('SecurityHubFindingsPage', () => {
  it('renders the header, sync status, account overview and findings', async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <SecurityHubFindingsPage />
      </TestApiProvider>,
    );

    expect(
      screen.getByRole('heading', { name: 'Security Hub findings' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Hardware MFA should be enabled for the root user',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('sync-status')).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Findings by account' }),
    ).toHaveTextContent('444455556666');
  });
});
