import { screen } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  REMEDIATION_ID,
  fakeRemediationsApi,
  makeDetail,
} from '../../__testUtils__/fakeRemediationsApi';
import { renderWithRemediationsApi } from '../../__testUtils__/renderRemediations';
import { RemediationTimeline } from './RemediationTimeline';

jest.setTimeout(30_000);

// A file of its own: usePermission caches decisions per permission for the
// whole module, so an ALLOW from another test would leak into this one.
describe('RemediationTimeline without the remediation permissions', () => {
  it('hides Approve and Reject from users without the approve permission', async () => {
    const api = fakeRemediationsApi();
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
      { permission: AuthorizeResult.DENY },
    );
    await screen.findByText(/S3\.5: S3 general purpose buckets/);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
  });

  it('offers no retry without the create permission', async () => {
    const failed = makeDetail({ status: 'failed', approvalToken: undefined });
    const api = fakeRemediationsApi({ get: jest.fn(async () => failed) });
    await renderWithRemediationsApi(
      <RemediationTimeline id={REMEDIATION_ID} />,
      api,
      { permission: AuthorizeResult.DENY },
    );
    await screen.findByText(/S3\.5: S3 general purpose buckets/);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});
