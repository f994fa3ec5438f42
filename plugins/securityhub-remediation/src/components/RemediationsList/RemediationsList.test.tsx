import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeRemediationsApi,
  makeRemediation,
  pageOf,
} from '../../__testUtils__/fakeRemediationsApi';
import { renderWithRemediationsApi } from '../../__testUtils__/renderRemediations';
import { RemediationsList } from './RemediationsList';

jest.setTimeout(30_000);

const first = makeRemediation({ id: 'r-1', status: 'awaiting_approval' });
const second = makeRemediation({
  id: 'r-2',
  controlId: 'EC2.19',
  controlTitle: 'Security groups should not allow unrestricted access',
  awsAccountId: '444455556666',
  status: 'verified',
  submittedBy: 'user:default/bob',
});
const onPageTwo = makeRemediation({
  id: 'r-3',
  controlId: 'IAM.1',
  controlTitle: 'IAM policies should not allow full administrative privileges',
  status: 'failed',
});

describe('RemediationsList', () => {
  it('lists remediations with status, account and submitter, linking each', async () => {
    const api = fakeRemediationsApi({
      list: jest.fn(async () => pageOf([first, second])),
    });
    await renderWithRemediationsApi(<RemediationsList showFilters />, api);

    const link = await screen.findByRole('link', {
      name: /EC2\.19: Security groups/,
    });
    expect(link).toHaveAttribute('href', '/securityhub/remediations/r-2');
    const row = link.closest('tr')!;
    expect(within(row).getByText('verified')).toBeInTheDocument();
    expect(within(row).getByText('444455556666')).toBeInTheDocument();
    expect(within(row).getByText('bob')).toBeInTheDocument();
    expect(screen.getByText('awaiting approval')).toBeInTheDocument();
  });

  it('filters by status and open only, from the first page', async () => {
    const api = fakeRemediationsApi({
      list: jest.fn(async () => pageOf([first])),
    });
    await renderWithRemediationsApi(<RemediationsList showFilters />, api);
    await screen.findByRole('link', { name: /S3\.5/ });

    await userEvent.click(screen.getByLabelText('Open only'));
    await waitFor(() =>
      expect(api.list).toHaveBeenLastCalledWith(
        expect.objectContaining({ open: 'true', cursor: undefined }),
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: /Any status/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failed' }),
    );
    await waitFor(() =>
      expect(api.list).toHaveBeenLastCalledWith(
        expect.objectContaining({ status: 'failed', open: 'true' }),
      ),
    );
  });

  it('pages with the cursor the backend answered and back again', async () => {
    const api = fakeRemediationsApi({
      list: jest.fn(async query =>
        query?.cursor === 'next-1'
          ? pageOf([onPageTwo])
          : pageOf([first, second], 'next-1'),
      ),
    });
    await renderWithRemediationsApi(<RemediationsList showFilters />, api);
    await screen.findByRole('link', { name: /S3\.5/ });
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByRole('link', { name: /IAM\.1: IAM policies/ }),
    ).toBeInTheDocument();
    expect(api.list).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'next-1' }),
    );
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(
      await screen.findByRole('link', { name: /S3\.5/ }),
    ).toBeInTheDocument();
  });

  it('asks only for the fixed account and hides its column', async () => {
    const api = fakeRemediationsApi({
      list: jest.fn(async () => pageOf([])),
    });
    await renderWithRemediationsApi(
      <RemediationsList
        query={{ accountId: '111122223333' }}
        hideAccount
        emptyText="No remediations for this account yet."
      />,
      api,
    );
    expect(
      await screen.findByText('No remediations for this account yet.'),
    ).toBeInTheDocument();
    expect(api.list).toHaveBeenCalledWith(
      expect.objectContaining({ accountId: '111122223333' }),
    );
    expect(screen.queryByRole('columnheader', { name: 'Account' })).toBeNull();
  });
});
