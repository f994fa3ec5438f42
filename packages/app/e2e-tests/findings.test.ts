import {
  AWS_ACCOUNTS,
  DEFAULT_FILTER,
  DEFAULT_PAGE,
  type Finding,
  cellOf,
  expect,
  expectCounts,
  expectFirstPage,
  openFindingsPage,
  test,
} from './fixtures';

test.describe('Security Hub findings page', () => {
  test.beforeEach(async ({ page }) => {
    await openFindingsPage(page);
  });

  test('shows the counts and the first page of the API for the default filters', async ({
    page,
    api,
  }) => {
    const summary = await api.summary(DEFAULT_FILTER);
    // The demo data has open failed findings of several severities, so equal
    // numbers are not a coincidence of empty results.
    expect(summary.total).toBeGreaterThan(50);
    expect(
      Object.values(summary.bySeverity).filter(count => count > 0).length,
    ).toBeGreaterThan(1);

    await expectCounts(page, summary);
    await expectFirstPage(page, await api.firstPage(DEFAULT_FILTER));
    // The page covers every account, so it offers the account filter.
    await expect(page.getByLabel('Account', { exact: true })).toHaveCount(1);
  });

  test('updates counts and rows to the API when filtering by severity and account', async ({
    page,
    api,
  }) => {
    const all = await api.summary(DEFAULT_FILTER);
    await expectCounts(page, all);

    const critical = { ...DEFAULT_FILTER, severity: ['CRITICAL'] };
    const criticalSummary = await api.summary(critical);
    expect(criticalSummary.total).toBeGreaterThan(0);
    expect(criticalSummary.total).toBeLessThan(all.total);

    await page.getByTestId('severity-count-CRITICAL').click();
    await expect(page.getByTestId('severity-count-CRITICAL')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expectCounts(page, criticalSummary);
    const criticalPage = await api.firstPage(critical);
    await expectFirstPage(page, criticalPage);
    for (const finding of criticalPage.items) {
      expect(finding.severity).toBe('CRITICAL');
    }

    // Narrow further to the staging account from the by-account overview,
    // which names the account after its catalog entity.
    const staging = { ...critical, accountId: ['345678901234'] };
    const stagingSummary = await api.summary(staging);
    expect(stagingSummary.total).toBeGreaterThan(0);
    expect(stagingSummary.total).toBeLessThan(criticalSummary.total);

    await page
      .getByRole('table', { name: 'Findings by account' })
      .getByRole('button', {
        name: 'Show findings of account payments-staging (345678901234)',
      })
      .click();
    await expectCounts(page, stagingSummary);
    await expectFirstPage(page, await api.firstPage(staging));
    await expect(page).toHaveURL(/accountId=345678901234/);
    await expect(page).toHaveURL(/severity=CRITICAL/);

    // Reset returns to the default filters and their numbers.
    await page.getByRole('button', { name: 'Reset' }).click();
    await expectCounts(page, all);
  });

  test('opens the detail drawer of a row with its raw ASFF document', async ({
    page,
    api,
  }) => {
    const { items } = await api.firstPage(DEFAULT_FILTER);
    const finding = items[1];

    const row = page.getByTestId('finding-row').nth(1);
    await expect(row).toContainText(finding.title);
    // Click a plain cell (Updated shows at every width): the title, the
    // control and the account are links of their own.
    await (await cellOf(page, row, 'Updated')).click();

    const drawer = page.getByTestId('finding-detail-drawer');
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole('heading', { level: 2 })).toHaveText(
      finding.title,
    );
    const raw = drawer.getByTestId('finding-raw-json');
    await expect(raw).toContainText(`"Id": "${finding.id}"`);
    await expect(raw).toContainText(
      `"AwsAccountId": "${finding.awsAccountId}"`,
    );

    await drawer.getByRole('button', { name: 'Close finding details' }).click();
    await expect(drawer).toBeHidden();
  });

  test('links the account of a row to its catalog entity', async ({
    page,
    api,
  }) => {
    const { items } = await api.firstPage(DEFAULT_FILTER);
    const first = items[0];
    const entity = AWS_ACCOUNTS[first.awsAccountId];
    expect(entity, `entity of account ${first.awsAccountId}`).toBeDefined();

    const account = await cellOf(
      page,
      page.getByTestId('finding-row').first(),
      'Account',
    );
    await expect(account).toContainText(first.awsAccountId);
    await account.getByRole('link').click();

    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/resource/${entity.name}$`),
    );
    await expect(
      page.getByRole('heading', { level: 2, name: entity.title }),
    ).toBeVisible();
    await expect(page.getByTestId('finding-detail-drawer')).toHaveCount(0);
  });
});

test.describe('Paging the findings', () => {
  test('jumps to a page not seen yet, shows its rows and keeps it on reload', async ({
    page,
    api,
  }) => {
    await openFindingsPage(page);
    const third = await api.get<{ items: Finding[]; totalCount: number }>(
      '/v1/findings',
      {
        ...(DEFAULT_FILTER as Record<string, string[]>),
        ...DEFAULT_PAGE,
        offset: '100',
      },
    );
    expect(third.totalCount).toBeGreaterThan(100);

    await page.getByRole('button', { name: /^Page/ }).first().click();
    await page.getByRole('option', { name: '3', exact: true }).click();
    const range = page.getByTestId('findings-page-range');
    await expect(range).toHaveText(
      new RegExp(`^101–${100 + third.items.length} of`),
    );
    await expect(page.getByTestId('finding-row').first()).toContainText(
      third.items[0].title,
    );
    await expect(page).toHaveURL(/[?&]page=3(&|$)/);

    await page.reload();
    await expect(range).toHaveText(/^101–/);
    await expect(page.getByTestId('finding-row').first()).toContainText(
      third.items[0].title,
    );
  });
});
