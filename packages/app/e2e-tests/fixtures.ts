import {
  test as base,
  expect,
  type APIRequestContext,
  type Locator,
  type Page,
} from '@playwright/test';

/** The backend the portal under test talks to (scripts/e2e.sh starts it). */
export const BACKEND_URL =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';

export const SEVERITIES = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What the findings page and the entity tab filter on when first opened. */
export const DEFAULT_FILTER: FindingsFilter = {
  recordState: ['ACTIVE'],
  complianceStatus: ['FAILED'],
  workflowStatus: ['NEW', 'NOTIFIED'],
};

/** The AWS-account Resource entities of catalog-info.yaml, by account id. */
export const AWS_ACCOUNTS: Record<string, { name: string; title: string }> = {
  '210987654321': {
    name: 'aws-payments-prod',
    title: 'payments-prod (210987654321)',
  },
  '345678901234': {
    name: 'aws-payments-staging',
    title: 'payments-staging (345678901234)',
  },
  '456789012345': {
    name: 'aws-shared-services',
    title: 'shared-services (456789012345)',
  },
  '567890123456': { name: 'aws-sandbox', title: 'sandbox (567890123456)' },
};

/** The explorer's default order and page size. */
export const DEFAULT_PAGE = { sort: 'severity', order: 'desc', limit: '50' };

export type FindingsFilter = Partial<Record<string, string[]>>;

export interface Finding {
  id: string;
  title: string;
  controlId: string | null;
  awsAccountId: string;
  region: string;
  severity: Severity;
}

export interface FindingsSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  byAccount: Array<{ key: string; total: number }>;
  /** Per filter dimension, each value's count with that dimension's filter removed. */
  facets: { severity: Partial<Record<Severity, number>> };
}

interface SyncStatus {
  sources: Array<{ sourceId: string; state: string; lastError: string | null }>;
}

/**
 * Reads the securityhub-remediation API directly, as the guest user, to
 * compare the UI with.
 */
export class FindingsApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
  ) {}

  static async signIn(request: APIRequestContext): Promise<FindingsApi> {
    const response = await request.get(
      `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    expect(response.ok(), await response.text()).toBe(true);
    const body = await response.json();
    return new FindingsApi(request, body.backstageIdentity.token);
  }

  async get<T>(path: string, params: Record<string, string | string[]> = {}) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        query.append(key, v);
      }
    }
    const url = `${BACKEND_URL}/api/securityhub-remediation${path}?${query}`;
    const response = await this.request.get(url, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    expect(response.ok(), `GET ${url}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  }

  summary(filter: FindingsFilter): Promise<FindingsSummary> {
    return this.get('/v1/findings/summary', clean(filter));
  }

  /** The first page as the explorer requests it (worst first, 50 rows). */
  firstPage(
    filter: FindingsFilter,
  ): Promise<{ items: Finding[]; totalCount: number }> {
    return this.get('/v1/findings', { ...clean(filter), ...DEFAULT_PAGE });
  }

  /**
   * Waits until the demo sources (ASFF `demo`, OCSF `demo-ocsf`) have been
   * synced at least once, so counts do not change under a test.
   */
  async waitForDemoSync(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let state = 'unknown';
    while (Date.now() < deadline) {
      const status = await this.get<SyncStatus>('/v1/sync/status');
      const demos = ['demo', 'demo-ocsf'].map(id =>
        status.sources.find(source => source.sourceId === id),
      );
      const failed = demos.find(demo => demo?.state === 'failed');
      if (failed) {
        throw new Error(
          `The ${failed.sourceId} sync failed: ${failed.lastError}`,
        );
      }
      state = demos.map(demo => demo?.state ?? 'not configured').join(', ');
      if (demos.every(demo => demo?.state === 'succeeded')) return;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    throw new Error(`The demo sync did not succeed in time (state ${state})`);
  }
}

function clean(filter: FindingsFilter): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(filter).filter(
      (entry): entry is [string, string[]] => (entry[1]?.length ?? 0) > 0,
    ),
  );
}

/**
 * `api`: the API as the guest user, once the demo findings are in.
 * Every test also fails on uncaught errors in the page (a broken extension
 * shows an error panel, not a missing element).
 */
export const test = base.extend<{ pageErrors: string[] }, { api: FindingsApi }>(
  {
    api: [
      async ({ playwright }, use) => {
        const request = await playwright.request.newContext();
        const api = await FindingsApi.signIn(request);
        await api.waitForDemoSync(120_000);
        await use(api);
        await request.dispose();
      },
      { scope: 'worker', timeout: 150_000 },
    ],
    pageErrors: [
      async ({ page }, use) => {
        const errors: string[] = [];
        page.on('pageerror', error => errors.push(error.message));
        await use(errors);
        expect(errors, 'uncaught errors in the page').toEqual([]);
      },
      { auto: true },
    ],
  },
);

export { expect };

/**
 * Signs in as guest. A full page load signs out again, so tests navigate
 * inside the app afterwards.
 */
export async function signIn(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

export function sidebar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

/** Signs in as guest and opens the findings page from the sidebar. */
export async function openFindingsPage(page: Page): Promise<void> {
  await signIn(page);
  await sidebar(page)
    .getByRole('link', { name: 'Security Hub', exact: true })
    .click();
  await expect(page).toHaveURL(/\/securityhub$/);
}

/** `1234` → `1,234`, as the UI formats counts. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat('en-US').format(value);
}

/**
 * Asserts that the total and the per-severity counts shown equal the
 * summary (the attributes carry the exact numbers, the text the formatted).
 * Each severity shows its facet: what it would match with the other filters.
 */
export async function expectCounts(
  scope: Page | Locator,
  summary: FindingsSummary,
): Promise<void> {
  const total = scope.getByTestId('findings-total');
  await expect(total).toHaveAttribute('data-count', String(summary.total));
  await expect(total).toHaveText(formatCount(summary.total));
  for (const severity of SEVERITIES) {
    await expect(
      scope.getByTestId(`severity-count-${severity}`),
    ).toHaveAttribute(
      'data-count',
      String(summary.facets.severity[severity] ?? 0),
    );
  }
}

/**
 * Asserts that the table shows the first page of the API: as many rows, and
 * the same findings in the same order (title and control of each row).
 */
export async function expectFirstPage(
  page: Page,
  expected: { items: Finding[]; totalCount: number },
): Promise<void> {
  const table = page.getByRole('table', { name: 'Security Hub findings' });
  const rows = table.getByTestId('finding-row');
  await expect(rows).toHaveCount(expected.items.length);
  await expect(page.getByTestId('findings-page-range')).toHaveText(
    `1–${formatCount(expected.items.length)} of ${formatCount(
      expected.totalCount,
    )}`,
  );
  const columns = await table.getByRole('columnheader').allInnerTexts();
  const titleColumn = columns.findIndex(c => c.startsWith('Title'));
  const controlColumn = columns.findIndex(c => c.startsWith('Control'));
  expect(titleColumn).toBeGreaterThanOrEqual(0);
  expect(controlColumn).toBeGreaterThanOrEqual(0);

  // Polled: after a filter change the previous page stays until the new one
  // has loaded.
  await expect
    .poll(() =>
      rows.evaluateAll(
        (trs, [title, control]) =>
          trs.map(tr => {
            const cells = tr.querySelectorAll('td');
            return {
              title: cells[title].textContent?.trim(),
              controlId: cells[control].textContent?.trim(),
            };
          }),
        [titleColumn, controlColumn],
      ),
    )
    .toEqual(
      expected.items.map(finding => ({
        title: finding.title,
        controlId: finding.controlId ?? '—',
      })),
    );
}

/** A cell of a findings row by its column header. */
export async function cellOf(
  page: Page,
  row: Locator,
  header: string,
): Promise<Locator> {
  const table = page.getByRole('table', { name: 'Security Hub findings' });
  await expect(row).toBeVisible();
  const columns = await table.getByRole('columnheader').allInnerTexts();
  const index = columns.findIndex(c => c.trim().startsWith(header));
  expect(index, `column ${header}`).toBeGreaterThanOrEqual(0);
  return row.getByRole('cell').nth(index);
}
