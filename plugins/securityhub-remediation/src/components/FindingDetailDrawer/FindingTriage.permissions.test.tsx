import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  findingsTestApis,
  mediumFinding,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { FindingTriage } from './FindingTriage';

// A file of its own: usePermission caches decisions per permission for the
// whole module, so an ALLOW from another test would leak into this one.
describe('FindingTriage without securityhub.finding.update', () => {
  it('shows no triage section', async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api, AuthorizeResult.DENY)}>
        <div data-testid="drawer">
          <FindingTriage finding={mediumFinding} onTriaged={jest.fn()} />
        </div>
      </TestApiProvider>,
    );
    // Let the permission decision arrive.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.getByTestId('drawer')).toBeEmptyDOMElement();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });
});
