import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import { AccountOverview } from '../AccountOverview';
import {
  criticalFinding,
  makeFinding,
  onePagePager,
  summary,
} from '../../__testUtils__/fixtures';
import { FindingsTable } from './FindingsTable';
import { resourceShortName } from './FindingCells';

function awsAccount(name: string, accountId: string, title?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title,
      annotations: { 'aws.amazon.com/account-id': accountId },
    },
    spec: { type: 'aws-account' },
  };
}

const otherAccountFinding = makeFinding({
  id: 'finding-other-account',
  title: 'Finding in an account the catalog has no name for',
  awsAccountId: '999988887777',
});

const stagingFinding = makeFinding({
  id: 'finding-staging',
  title: 'Finding in an account titled without its id',
  awsAccountId: '444455556666',
});

async function renderTable(options: {
  getEntities?: jest.Mock;
  findings?: Finding[];
  withOverview?: boolean;
  onSelect?: jest.Mock;
}) {
  const catalogApi = catalogApiMock.mock({
    getEntities: options.getEntities,
  });
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      {options.withOverview && (
        <AccountOverview
          accounts={summary.byAccount}
          selected={[]}
          onSelectAccount={jest.fn()}
        />
      )}
      <FindingsTable
        findings={
          options.findings ?? [
            criticalFinding,
            otherAccountFinding,
            stagingFinding,
          ]
        }
        loading={false}
        sort="severity"
        order="desc"
        onSortChange={jest.fn()}
        onSelect={options.onSelect ?? jest.fn()}
        pager={onePagePager(3)}
      />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return catalogApi;
}

function rowOf(title: string): HTMLElement {
  return screen.getByText(title).closest('tr')!;
}

describe('FindingsTable', () => {
  it('shows catalog names of AWS accounts, linked to their entity pages', async () => {
    const getEntities = jest.fn(async () => ({
      items: [
        awsAccount(
          'aws-payments-prod',
          '111122223333',
          'payments-prod (111122223333)',
        ),
        awsAccount('aws-payments-staging', '444455556666', 'payments-staging'),
      ],
    }));
    const onSelect = jest.fn();
    const catalogApi = await renderTable({
      getEntities,
      withOverview: true,
      onSelect,
    });

    // The name links to the entity page, the id stays visible underneath;
    // a title that repeats the id in parentheses is shown without it.
    const row = rowOf('Hardware MFA should be enabled for the root user');
    const link = await within(row).findByRole('link', {
      name: 'payments-prod (111122223333)',
    });
    expect(link).toHaveTextContent(/^payments-prod$/);
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-payments-prod',
    );
    expect(within(row).getByText('111122223333')).toBeInTheDocument();
    // Following the link does not also open the detail drawer.
    await userEvent.click(link);
    expect(onSelect).not.toHaveBeenCalled();

    const staging = rowOf('Finding in an account titled without its id');
    expect(
      within(staging).getByRole('link', {
        name: 'payments-staging (444455556666)',
      }),
    ).toHaveTextContent(/^payments-staging$/);
    expect(within(staging).getByText('444455556666')).toBeInTheDocument();

    // Accounts the catalog does not know stay a plain id.
    const unknown = rowOf('Finding in an account the catalog has no name for');
    expect(within(unknown).getByText('999988887777')).toBeInTheDocument();
    expect(
      within(unknown).queryByRole('link', { name: /999988887777/ }),
    ).not.toBeInTheDocument();

    // The overview filters by the named account and links to its entity.
    expect(
      screen.getByRole('button', {
        name: 'Show findings of account payments-prod (111122223333)',
      }),
    ).toHaveTextContent(/^payments-prod$/);
    expect(
      screen.getByRole('link', {
        name: 'Open payments-staging (444455556666) in the catalog',
      }),
    ).toHaveAttribute('href', '/catalog/default/resource/aws-payments-staging');

    // One catalog request for the table and the overview together, for the
    // annotated entities and only the fields the cells need.
    expect(catalogApi.getEntities).toHaveBeenCalledTimes(1);
    expect(catalogApi.getEntities).toHaveBeenCalledWith({
      filter: {
        'metadata.annotations.aws.amazon.com/account-id': CATALOG_FILTER_EXISTS,
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.annotations',
      ],
    });
  });

  it('falls back to the account ids when the catalog cannot be read', async () => {
    const getEntities = jest.fn(async () => {
      throw new Error('catalog unavailable');
    });
    await renderTable({ getEntities, findings: [criticalFinding] });

    const row = rowOf('Hardware MFA should be enabled for the root user');
    expect(await within(row).findByText('111122223333')).toBeInTheDocument();
    expect(getEntities).toHaveBeenCalled();
    expect(
      within(row).queryByRole('link', { name: /111122223333/ }),
    ).not.toBeInTheDocument();
  });

  it('keeps short cells and headers on one line and caps the resource column', async () => {
    await renderTable({
      getEntities: jest.fn(async () => ({ items: [] })),
      findings: [criticalFinding],
    });

    for (const header of screen.getAllByRole('columnheader')) {
      expect(header).toHaveStyle({ whiteSpace: 'nowrap' });
    }
    const cells = within(
      rowOf('Hardware MFA should be enabled for the root user'),
    ).getAllByRole('cell');
    const byHeader = Object.fromEntries(
      screen
        .getAllByRole('columnheader')
        .map((header, index) => [header.textContent, cells[index]]),
    );
    for (const label of ['Control', 'Account', 'Region', 'Compliance']) {
      expect(byHeader[label]).toHaveStyle({ whiteSpace: 'nowrap' });
    }
    expect(byHeader.Title).toHaveStyle({ width: '100%' });
    expect(byHeader.Resource).toHaveStyle({ maxWidth: '224px' });
  });
});

describe('resourceShortName', () => {
  it.each([
    ['arn:aws:s3:::payments-prod-invoices', 'payments-prod-invoices'],
    [
      'arn:aws:ec2:us-east-1:210987654321:security-group/sg-0a1b2c3d',
      'sg-0a1b2c3d',
    ],
    ['arn:aws:iam::210987654321:role/ci/deployer', 'deployer'],
    [
      'arn:aws:rds:eu-west-1:210987654321:db:ledger-primary',
      'db:ledger-primary',
    ],
    ['AWS::::Account:210987654321', 'AWS::::Account:210987654321'],
  ])('%s → %s', (id, name) => {
    expect(resourceShortName(id)).toBe(name);
  });
});
