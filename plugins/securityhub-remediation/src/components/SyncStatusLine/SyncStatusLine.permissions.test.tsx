import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  findingsTestApis,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { SyncStatusLine } from './SyncStatusLine';

// A file of its own: usePermission caches decisions per permission for the
// whole module, so an ALLOW from another test would leak into this one.
describe('SyncStatusLine without securityhub.sync.run', () => {
  it('offers no sync button without the securityhub.sync.run permission', async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api, AuthorizeResult.DENY)}>
        <SyncStatusLine />
      </TestApiProvider>,
    );
    await screen.findByTestId('sync-status');
    expect(
      screen.queryByRole('button', { name: 'Sync now' }),
    ).not.toBeInTheDocument();
  });
});
