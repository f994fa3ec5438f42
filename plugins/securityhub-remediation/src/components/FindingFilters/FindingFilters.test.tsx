import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { summary } from '../../__testUtils__/fixtures';
import { FindingFilters } from './FindingFilters';

jest.setTimeout(30_000);

describe('FindingFilters', () => {
  it('counts each option with the other filters, values outside the current filter too', async () => {
    await renderInTestApp(
      <FindingFilters
        filter={{ complianceStatus: ['FAILED'], controlId: ['S3.5'] }}
        summary={summary}
        onChange={jest.fn()}
        onReset={jest.fn()}
        onShowAll={jest.fn()}
      />,
    );

    await userEvent.click(
      screen.getByRole('button', { name: /Compliance status/ }),
    );
    const listbox = await screen.findByRole('listbox');
    const option = (name: string) =>
      within(listbox).getByText(name).closest('li') as HTMLElement;
    // From the facet: PASSED findings exist though FAILED is selected.
    expect(option('PASSED')).toHaveTextContent('4321');
    expect(option('FAILED')).toHaveTextContent('1234');
    // A value the facet leaves out matches nothing.
    expect(option('WARNING')).toHaveTextContent('0');
    await userEvent.keyboard('{Escape}');

    await userEvent.click(screen.getByLabelText('Control'));
    expect(await screen.findByText('(234)', { exact: false })).toBeVisible();
    expect(screen.getByText('IAM.6')).toBeVisible();
  });

  it('shows skeletons, not zeros or "no options", until the first counts come', async () => {
    await renderInTestApp(
      <FindingFilters
        filter={{}}
        onChange={jest.fn()}
        onReset={jest.fn()}
        onShowAll={jest.fn()}
      />,
    );

    await userEvent.click(screen.getByRole('button', { name: /Severity/ }));
    const listbox = await screen.findByRole('listbox');
    const critical = within(listbox)
      .getByText('CRITICAL')
      .closest('li') as HTMLElement;
    expect(within(critical).getByLabelText('Loading count')).toBeVisible();
    expect(critical).not.toHaveTextContent('0');
    await userEvent.keyboard('{Escape}');

    await userEvent.click(screen.getByLabelText('Control'));
    expect(await screen.findByText('Loading values…')).toBeVisible();
    expect(screen.queryByText('No options')).toBeNull();
  });

  it('finds an account by its catalog name and filters by its id', async () => {
    const onChange = jest.fn();
    const catalogApi = catalogApiMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: 'aws-payments-prod',
            title: 'payments-prod',
            annotations: { 'aws.amazon.com/account-id': '111122223333' },
          },
          spec: { type: 'aws-account' },
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <FindingFilters
          filter={{}}
          summary={summary}
          onChange={onChange}
          onReset={jest.fn()}
          onShowAll={jest.fn()}
        />
      </TestApiProvider>,
    );

    await userEvent.type(screen.getByLabelText('Account'), 'payments');
    const option = await screen.findByText('payments-prod');
    // The other account has no catalog name, so "payments" does not match it.
    expect(screen.queryByText('444455556666')).not.toBeInTheDocument();
    await userEvent.click(option);

    const update = onChange.mock.calls[0][0];
    expect(update({})).toEqual({ accountId: ['111122223333'] });
  });
});
