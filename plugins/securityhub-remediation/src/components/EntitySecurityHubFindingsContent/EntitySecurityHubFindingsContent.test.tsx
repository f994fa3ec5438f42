import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { isSecurityHubAvailable } from '../../conditions';
import {
  findingsTestApis,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { EntitySecurityHubFindingsContent } from './EntitySecurityHubFindingsContent';

// The page renders the whole findings view; on a busy 2-core machine that
// can take longer than the default 5 s.
jest.setTimeout(30_000);

function accountEntity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-prod', annotations },
    spec: { type: 'aws-account', owner: 'team-payments' },
  };
}

async function renderContent(entity: Entity) {
  const api = mockFindingsApi();
  await renderInTestApp(
    <TestApiProvider apis={findingsTestApis(api)}>
      <EntityProvider entity={entity}>
        <EntitySecurityHubFindingsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
  return api;
}

describe('EntitySecurityHubFindingsContent', () => {
  it('explains the missing annotation and fetches nothing', async () => {
    const api = await renderContent(accountEntity());

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(/aws\.amazon\.com\/account-id/).length,
    ).toBeGreaterThan(0);
    expect(api.listFindings).not.toHaveBeenCalled();
    expect(api.getSummary).not.toHaveBeenCalled();
  });

  it('rejects an annotation that is not an account id', async () => {
    const api = await renderContent(
      accountEntity({ 'aws.amazon.com/account-id': 'payments' }),
    );

    expect(
      screen.getByText(/Invalid AWS account annotation/),
    ).toBeInTheDocument();
    expect(api.listFindings).not.toHaveBeenCalled();
  });

  it("shows the findings of the entity's account only", async () => {
    const api = await renderContent(
      accountEntity({ 'aws.amazon.com/account-id': '111122223333' }),
    );

    await screen.findByText('Hardware MFA should be enabled for the root user');
    const expected = {
      complianceStatus: ['FAILED'],
      workflowStatus: ['NEW', 'NOTIFIED'],
      recordState: ['ACTIVE'],
      accountId: ['111122223333'],
    };
    expect(api.getSummary).toHaveBeenCalledWith(expected);
    expect(api.listFindings).toHaveBeenCalledWith(
      expect.objectContaining(expected),
    );
    // The account is fixed, so it is not offered as a filter.
    expect(screen.queryByLabelText('Account')).not.toBeInTheDocument();

    // Other filters combine with the fixed account; "All findings" keeps it.
    await userEvent.click(screen.getByRole('button', { name: 'All findings' }));
    await waitFor(() =>
      expect(api.getSummary).toHaveBeenLastCalledWith({
        accountId: ['111122223333'],
      }),
    );
  });
});

describe('EntitySecurityHubFindingsContent on a component', () => {
  it("shows the findings of the component's tagged resources", async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'ledger',
              annotations: {
                'aws.amazon.com/securityhub-resource-tags':
                  'app=ledger,environment=production',
              },
            },
            spec: { type: 'service', owner: 'team-payments' },
          }}
        >
          <EntitySecurityHubFindingsContent />
        </EntityProvider>
      </TestApiProvider>,
    );

    await screen.findByText('Hardware MFA should be enabled for the root user');
    expect(api.listFindings).toHaveBeenCalledWith(
      expect.objectContaining({
        resourceTag: ['app=ledger', 'environment=production'],
      }),
    );
    // Any account: the account filter stays, and no account remediations.
    expect(screen.getByLabelText('Account')).toBeInTheDocument();
    expect(
      await screen.findByText(/findings of this component stored/),
    ).toBeInTheDocument();
  });

  it('names a bad tag annotation', async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'ledger',
              annotations: {
                'aws.amazon.com/securityhub-resource-tags': 'ledger',
              },
            },
          }}
        >
          <EntitySecurityHubFindingsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      screen.getByText(/Invalid Security Hub annotation/),
    ).toBeInTheDocument();
    expect(api.listFindings).not.toHaveBeenCalled();
  });
});

describe('isSecurityHubAvailable', () => {
  it('is true only for entities with the account annotation', () => {
    expect(
      isSecurityHubAvailable(
        accountEntity({ 'aws.amazon.com/account-id': '111122223333' }),
      ),
    ).toBe(true);
    expect(isSecurityHubAvailable(accountEntity())).toBe(false);
    expect(
      isSecurityHubAvailable(
        accountEntity({ 'aws.amazon.com/account-id': ' ' }),
      ),
    ).toBe(false);
  });
});
