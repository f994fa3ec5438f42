import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  FindingsTrendDay,
  FindingsTrends,
} from '@internal/plugin-securityhub-remediation-common';
import { summary } from '../../__testUtils__/fixtures';
import { FindingsTrendsSection } from './FindingsTrendsSection';
import {
  securityHubTrendsApiRef,
  type SecurityHubTrendsApi,
  type TrendsRequest,
} from './trendsApi';

jest.setTimeout(30_000);

// jsdom has no layout: the charts' containers measure nothing and draw no
// chart, so the tests read what the charts show from their text
// alternatives (summaries and data tables).
beforeAll(() => {
  global.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

function day(
  date: string,
  open: Partial<FindingsTrendDay['open']>,
  changes: { new: number; resolved: number; reconstructed?: boolean },
): FindingsTrendDay {
  return {
    date,
    open: {
      CRITICAL: 0,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 0,
      INFORMATIONAL: 0,
      ...open,
    },
    new: changes.new,
    resolved: changes.resolved,
    reconstructed: changes.reconstructed ?? false,
  };
}

const TRENDS: FindingsTrends = {
  historyStartsAt: '2026-12-02',
  computedOnRequest: false,
  days: [
    day(
      '2026-12-02',
      { HIGH: 2, LOW: 1 },
      { new: 1, resolved: 0, reconstructed: true },
    ),
    day('2026-12-03', { HIGH: 3, LOW: 1 }, { new: 2, resolved: 1 }),
    day(
      '2026-12-04',
      { CRITICAL: 1, HIGH: 3, LOW: 1 },
      { new: 1, resolved: 0 },
    ),
  ],
};

function fakeTrendsApi(
  answer: () => Promise<FindingsTrends> = async () => TRENDS,
): jest.Mocked<SecurityHubTrendsApi> {
  return {
    getTrends: jest.fn((_request: TrendsRequest) => answer()),
  };
}

async function renderSection(
  api: SecurityHubTrendsApi,
  props: {
    accountId?: string;
    resourceTag?: string[];
    resourceIdPrefix?: string[];
  } = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[securityHubTrendsApiRef, api]]}>
      <FindingsTrendsSection summary={summary} {...props} />
    </TestApiProvider>,
  );
}

const openSection = () =>
  userEvent.click(screen.getByRole('button', { name: /trends/i }));

describe('FindingsTrendsSection', () => {
  it('loads nothing until it is opened', async () => {
    const api = fakeTrendsApi();
    await renderSection(api);

    expect(screen.getByText('Trends')).toBeInTheDocument();
    expect(screen.queryByText('Open findings by severity')).toBeNull();
    expect(api.getTrends).not.toHaveBeenCalled();
  });

  it('charts the last 90 days with text summaries and data tables', async () => {
    const api = fakeTrendsApi();
    await renderSection(api);
    await openSection();

    expect(
      await screen.findByText(
        'Open findings went from 3 on 2026-12-02 to 5 on 2026-12-04 (up 2).',
      ),
    ).toBeInTheDocument();
    expect(api.getTrends).toHaveBeenCalledWith({
      days: 90,
      accountId: undefined,
      resourceTag: undefined,
      resourceIdPrefix: undefined,
    });
    expect(
      screen.getByText(
        '4 new and 1 resolved findings over 3 days: the backlog is growing.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Days before 2026-12-03 are reconstructed/),
    ).toBeInTheDocument();

    const open = screen.getByRole('table', {
      name: 'Open findings by severity: data',
    });
    const lastDay = within(open).getByText('2026-12-04').closest('tr')!;
    // Date, then CRITICAL … INFORMATIONAL, then the total.
    expect(Array.from(lastDay.children, cell => cell.textContent)).toEqual([
      '2026-12-04',
      '1',
      '3',
      '0',
      '1',
      '0',
      '5',
    ]);

    const controls = screen.getByRole('table', {
      name: 'Top failing controls: data',
    });
    expect(within(controls).getByText('S3.5')).toBeInTheDocument();
    expect(
      within(controls).getByText(
        'S3 general purpose buckets should require requests to use SSL',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Account 111122223333 has the most failed findings (1,000) of the 2 shown.',
      ),
    ).toBeInTheDocument();
  });

  it("asks for the account's trends only and leaves out the accounts chart", async () => {
    const api = fakeTrendsApi();
    await renderSection(api, { accountId: '111122223333' });
    await openSection();

    await screen.findByText('Open findings by severity');
    expect(api.getTrends).toHaveBeenCalledWith(
      expect.objectContaining({ days: 90, accountId: '111122223333' }),
    );
    expect(screen.queryByText('Findings by account')).toBeNull();
  });

  it("asks for a service's trends by its resources and says they are reconstructed", async () => {
    const api = fakeTrendsApi();
    api.getTrends.mockResolvedValue({
      ...TRENDS,
      historyStartsAt: null,
      computedOnRequest: true,
      days: TRENDS.days.map(d => ({ ...d, reconstructed: true })),
    });
    await renderSection(api, { resourceTag: ['app=ledger'] });
    await openSection();

    expect(
      await screen.findByText(/Reconstructed for these resources' findings/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No daily counts yet/)).toBeNull();
    expect(api.getTrends).toHaveBeenCalledWith(
      expect.objectContaining({ resourceTag: ['app=ledger'] }),
    );
  });

  it('says why when the trends cannot be loaded', async () => {
    const api = fakeTrendsApi(async () => {
      throw new Error('backend unavailable');
    });
    await renderSection(api);
    await openSection();

    expect(
      await screen.findByText(/Could not load trends/),
    ).toBeInTheDocument();
  });
});
