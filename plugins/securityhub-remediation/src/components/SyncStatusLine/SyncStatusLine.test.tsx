import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { alertApiRef } from '@backstage/core-plugin-api';
import {
  findingsTestApis,
  mockFindingsApi,
  syncStatus,
} from '../../__testUtils__/fixtures';
import { lastSucceededAt, SyncStatusLine } from './SyncStatusLine';

describe('SyncStatusLine', () => {
  it('shows when the last sync succeeded and warns about failed sources', async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <SyncStatusLine />
      </TestApiProvider>,
    );

    const status = await screen.findByTestId('sync-status');
    expect(status).toHaveTextContent(/Last synced .+ from 2 sources/);
    expect(status).toHaveTextContent('2,000 findings stored');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'AccessDeniedException: not authorized to GetFindings',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      '444455556666/eu-west-1',
    );
  });

  it("counts an entity's own findings on its tab", async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <SyncStatusLine
          stored={{
            filter: { accountId: ['111122223333'] },
            of: 'this account',
          }}
        />
      </TestApiProvider>,
    );

    const status = await screen.findByTestId('sync-status');
    expect(status).toHaveTextContent('1,234 findings of this account stored');
    expect(status).not.toHaveTextContent('2,000');
    expect(api.getSummary).toHaveBeenCalledWith({
      accountId: ['111122223333'],
    });
  });

  it('says so when no source has synced yet', async () => {
    const api = mockFindingsApi();
    api.getSyncStatus.mockResolvedValue({
      sources: [],
      totalStored: 0,
      detailed: true,
    });
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <SyncStatusLine />
      </TestApiProvider>,
    );

    expect(await screen.findByTestId('sync-status')).toHaveTextContent(
      'Not synced yet (0 sources configured)',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('tells of an interrupted run and of rejected files, named only when detailed', async () => {
    const [ok, failed] = syncStatus.sources;
    const api = mockFindingsApi();
    api.getSyncStatus.mockResolvedValue({
      totalStored: 12,
      detailed: true,
      sources: [
        {
          ...ok,
          kind: 'asff-files',
          target: '/srv/findings',
          lastRejected: 2,
          rejected: [
            {
              origin: '/srv/findings/a.json',
              position: 'line 4',
              reason: 'not JSON',
            },
            {
              origin: '/srv/findings/b.json',
              position: null,
              reason: 'too big',
            },
          ],
        },
        {
          ...failed,
          state: 'interrupted',
          lastError: 'Interrupted: the backend running this sync stopped',
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <SyncStatusLine />
      </TestApiProvider>,
    );
    const [rejected, interrupted] = await screen.findAllByRole('alert');
    expect(rejected).toHaveTextContent(
      /\/srv\/findings .* succeeded .* with 2 files rejected/,
    );
    expect(rejected).toHaveTextContent(
      '/srv/findings/a.json (line 4): not JSON',
    );
    expect(interrupted).toHaveTextContent(/was interrupted .*backend running/);
  });

  it('shows a sanitized status without targets or file names', async () => {
    const [ok] = syncStatus.sources;
    const api = mockFindingsApi();
    api.getSyncStatus.mockResolvedValue({
      totalStored: 3,
      detailed: false,
      sources: [
        {
          ...ok,
          sourceId: 'source 1',
          kind: 'asff-files',
          target: null,
          lastImported: null,
          lastRejected: 1,
          rejected: [],
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <SyncStatusLine />
      </TestApiProvider>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      /source 1 succeeded .* with 1 file rejected/,
    );
    expect(alert.querySelector('li')).toBeNull();
  });

  it('picks the latest successful run over all sources', () => {
    expect(lastSucceededAt(syncStatus.sources)).toBe(
      '2024-05-01T11:01:00.000Z',
    );
    expect(lastSucceededAt([])).toBeNull();
  });
});

describe('SyncStatusLine sync now', () => {
  it('starts a sync when the user may run one', async () => {
    const api = mockFindingsApi();
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(api)}>
        <SyncStatusLine />
      </TestApiProvider>,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sync now' }),
    );
    expect(api.triggerSync).toHaveBeenCalledTimes(1);
  });

  it('says so when a run is already going', async () => {
    const api = mockFindingsApi();
    api.triggerSync.mockResolvedValueOnce('already-running');
    const alertApi = { post: jest.fn(), alert$: jest.fn() };
    await renderInTestApp(
      <TestApiProvider
        apis={[...findingsTestApis(api), [alertApiRef, alertApi]]}
      >
        <SyncStatusLine />
      </TestApiProvider>,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sync now' }),
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message:
          'A sync is already running; the findings refresh when it finishes.',
      }),
    );
  });
});

describe('SyncStatusLine counts', () => {
  it('shows what the last runs wrote and found unchanged', async () => {
    await renderInTestApp(
      <TestApiProvider apis={findingsTestApis(mockFindingsApi())}>
        <SyncStatusLine />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('sync-status')).toHaveTextContent(
      'last run wrote 10, 40 unchanged',
    );
  });
});
