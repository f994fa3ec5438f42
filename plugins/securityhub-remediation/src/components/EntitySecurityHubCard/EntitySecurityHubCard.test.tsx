import { screen } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  findingsTestApis,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { EntitySecurityHubCard } from './EntitySecurityHubCard';

jest.setTimeout(30_000);

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ledger', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}

async function renderCard(entity: Entity) {
  const api = mockFindingsApi();
  await renderInTestApp(
    <TestApiProvider apis={findingsTestApis(api)}>
      <EntityProvider entity={entity}>
        <EntitySecurityHubCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  return api;
}

describe('EntitySecurityHubCard', () => {
  it("counts a component's open findings matched by its resource tags", async () => {
    const api = await renderCard(
      component({
        'aws.amazon.com/securityhub-resource-tags': 'team=payments,app=ledger',
      }),
    );
    expect(
      await screen.findByTestId('securityhub-card-total'),
    ).toHaveTextContent('1,234');
    expect(api.getSummary).toHaveBeenCalledWith({
      complianceStatus: ['FAILED'],
      workflowStatus: ['NEW', 'NOTIFIED'],
      recordState: ['ACTIVE'],
      resourceTag: ['team=payments', 'app=ledger'],
    });
    expect(screen.getByTestId('securityhub-card-CRITICAL')).toHaveTextContent(
      '5',
    );
    expect(
      screen.getByRole('list', { name: 'Controls failing most' }),
    ).toHaveTextContent('S3.5 · 1,000 failed');
    expect(screen.getByRole('link', { name: /View findings/ })).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger/securityhub',
    );
  });

  it('names a bad annotation instead of counting', async () => {
    const api = await renderCard(
      component({ 'aws.amazon.com/securityhub-resource-tags': 'payments' }),
    );
    expect(
      await screen.findByText(
        /aws.amazon.com\/securityhub-resource-tags is "payments"/,
      ),
    ).toBeInTheDocument();
    expect(api.getSummary).not.toHaveBeenCalled();
  });
});
