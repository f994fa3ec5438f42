import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { summary } from '../../__testUtils__/fixtures';
import { FindingFilters } from './FindingFilters';

describe('FindingFilters', () => {
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
