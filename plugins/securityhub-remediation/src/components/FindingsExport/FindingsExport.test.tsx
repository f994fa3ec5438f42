import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { alertApiRef } from '@backstage/core-plugin-api';
import {
  findingsTestApis,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { FindingsExplorer } from '../FindingsExplorer';
import { FindingsExport } from './FindingsExport';

jest.setTimeout(30_000);

async function renderExport(api = mockFindingsApi()) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider apis={[...findingsTestApis(api), [alertApiRef, alertApi]]}>
      <FindingsExport
        filter={{ severity: ['CRITICAL'], accountId: ['111122223333'] }}
        sort="updatedAt"
        order="asc"
      />
    </TestApiProvider>,
  );
  return { api, alertApi };
}

async function chooseFormat(label: string) {
  await userEvent.click(screen.getByRole('button', { name: 'Export' }));
  await userEvent.click(
    within(await screen.findByRole('menu')).getByRole('menuitem', {
      name: label,
    }),
  );
}

describe('FindingsExport', () => {
  it.each([
    ['CSV', 'csv'],
    ['JSON', 'json'],
  ])('exports the view as %s', async (label, format) => {
    const { api } = await renderExport();
    await chooseFormat(label);
    expect(api.exportFindings).toHaveBeenCalledWith({
      severity: ['CRITICAL'],
      accountId: ['111122223333'],
      sort: 'updatedAt',
      order: 'asc',
      format,
    });
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
  });

  it('shows progress and allows one export at a time', async () => {
    const api = mockFindingsApi();
    let finish: (value: { fileName: string }) => void = () => {};
    api.exportFindings.mockReturnValueOnce(
      new Promise(resolve => {
        finish = resolve;
      }),
    );
    await renderExport(api);
    await chooseFormat('CSV');
    expect(screen.getByRole('button', { name: /Export/ })).toBeDisabled();
    expect(screen.getByLabelText('Exporting findings')).toBeInTheDocument();

    finish({ fileName: 'securityhub-findings.csv' });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Export' })).toBeEnabled(),
    );
  });

  it('says why an export failed', async () => {
    const api = mockFindingsApi();
    api.exportFindings.mockRejectedValueOnce(
      new Error('1200000 findings match these filters'),
    );
    const { alertApi } = await renderExport(api);
    await chooseFormat('JSON');
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message:
          'Could not export findings: 1200000 findings match these filters',
        severity: 'error',
      }),
    );
    expect(screen.getByRole('button', { name: 'Export' })).toBeEnabled();
  });

  it("exports the explorer's filters, sort and fixed account", async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <FindingsExplorer fixedAccountId="210987654321" />
      </TestApiProvider>,
    );
    await screen.findByText('Hardware MFA should be enabled for the root user');
    await userEvent.click(screen.getByTestId('severity-count-CRITICAL'));
    await chooseFormat('CSV');
    expect(api.exportFindings).toHaveBeenCalledWith({
      complianceStatus: ['FAILED'],
      workflowStatus: ['NEW', 'NOTIFIED'],
      recordState: ['ACTIVE'],
      severity: ['CRITICAL'],
      accountId: ['210987654321'],
      sort: 'severity',
      order: 'desc',
      format: 'csv',
    });
  });
});
