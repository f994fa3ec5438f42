import { screen } from '@testing-library/react';
import {
  S35_FINDING_ID,
  cannotAutomatePreview,
  fakeRemediationsApi,
  makeRemediation,
  pageOf,
  s35Preview,
} from '../../__testUtils__/fakeRemediationsApi';
import { renderWithRemediationsApi } from '../../__testUtils__/renderRemediations';
import { FindingRemediationSection } from './FindingRemediationSection';

jest.setTimeout(30_000);

describe('FindingRemediationSection', () => {
  it('shows the AWS runbook the engine picked and opens the wizard', async () => {
    const api = fakeRemediationsApi();
    await renderWithRemediationsApi(
      <FindingRemediationSection findingId={S35_FINDING_ID} />,
      api,
    );

    expect(await screen.findByText('AWS runbook')).toBeInTheDocument();
    expect(
      screen.getByText('AWSConfigRemediation-RestrictBucketSSLRequestsOnly'),
    ).toBeInTheDocument();
    expect(screen.getByText('Valid cloudformation')).toBeInTheDocument();
    expect(api.preview).toHaveBeenCalledWith(S35_FINDING_ID);

    const remediate = screen.getByRole('link', { name: 'Remediate' });
    const href = new URL(remediate.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe(
      '/create/templates/default/securityhub-remediate-finding',
    );
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      findingId: S35_FINDING_ID,
    });
    expect(api.list).toHaveBeenCalledWith(
      expect.objectContaining({ findingId: S35_FINDING_ID }),
    );
  });

  it('lists the parameters still missing', async () => {
    const api = fakeRemediationsApi({
      preview: jest.fn(async () => ({
        ...s35Preview,
        missingParameters: [
          {
            name: 'AutomationAssumeRoleArn',
            description: 'Role the runbook assumes',
          },
        ],
      })),
    });
    await renderWithRemediationsApi(
      <FindingRemediationSection findingId={S35_FINDING_ID} />,
      api,
    );
    expect(
      await screen.findByText('AutomationAssumeRoleArn'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Role the runbook assumes/)).toBeInTheDocument();
  });

  it('says why a control cannot be automated, with the steps by hand, and offers no Remediate', async () => {
    const api = fakeRemediationsApi();
    await renderWithRemediationsApi(
      <FindingRemediationSection findingId={cannotAutomatePreview.findingId} />,
      api,
    );

    expect(await screen.findByText('Cannot be automated')).toBeInTheDocument();
    expect(screen.getByText(cannotAutomatePreview.reason!)).toBeInTheDocument();
    expect(screen.getByText('Sign in as the root user')).toBeInTheDocument();
    expect(
      screen.getByText(/Cannot remediate: IAM\.6 cannot be automated/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Remediate' })).toBeNull();
  });

  it('links to the open remediation instead of offering a second', async () => {
    const open = makeRemediation({ id: 'open-1', status: 'deploying' });
    const api = fakeRemediationsApi({
      preview: jest.fn(async () => ({
        ...s35Preview,
        openRemediationId: 'open-1',
      })),
      list: jest.fn(async () => pageOf([open])),
    });
    await renderWithRemediationsApi(
      <FindingRemediationSection findingId={S35_FINDING_ID} />,
      api,
    );

    expect(
      await screen.findByRole('link', { name: 'follow it' }),
    ).toHaveAttribute('href', '/securityhub/remediations/open-1');
    expect(screen.queryByRole('link', { name: 'Remediate' })).toBeNull();
    expect(await screen.findByText('deploying')).toBeInTheDocument();
  });
});
