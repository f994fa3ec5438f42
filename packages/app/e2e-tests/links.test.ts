import {
  DEFAULT_FILTER,
  cellOf,
  expect,
  expectCounts,
  openFindingsPage,
  test,
} from './fixtures';

test.describe('Findings page links and URL state', () => {
  test.beforeEach(async ({ page }) => {
    // Keep what "Copy link" writes, without asking for clipboard permissions.
    await page.addInitScript(() => {
      const copied: string[] = [];
      (window as unknown as { copiedTexts: string[] }).copiedTexts = copied;
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: {
          writeText: async (text: string) => {
            copied.push(text);
          },
        },
      });
    });
    await openFindingsPage(page);
  });

  test('a copied finding link opens the same drawer after a reload', async ({
    page,
    api,
  }) => {
    const { items } = await api.firstPage(DEFAULT_FILTER);
    expect(items.length).toBeGreaterThan(1);
    // Not the first row, so the drawer shows the finding asked for.
    const finding = items[1];
    const row = page.getByTestId('finding-row').nth(1);
    await expect(row).toContainText(finding.title);
    await (await cellOf(page, row, 'Updated')).click();

    const drawer = page.getByTestId('finding-detail-drawer');
    await expect(drawer.getByTestId('finding-id')).toHaveText(finding.id);
    await expect
      .poll(() => new URL(page.url()).searchParams.get('finding'))
      .toBe(finding.id);
    await expect(
      drawer.getByRole('link', { name: /Security Hub console/ }),
    ).toHaveAttribute(
      'href',
      new RegExp(
        `^https://${finding.region}\\.console\\.aws\\.amazon\\.com/securityhub/home\\?region=${finding.region}#/findings\\?search=Id%3D`,
      ),
    );

    await drawer.getByRole('button', { name: 'Copy link' }).click();
    await expect(drawer.getByRole('status')).toHaveText('Link copied');
    const copied = await page.evaluate(
      () => (window as unknown as { copiedTexts: string[] }).copiedTexts[0],
    );
    expect(new URL(copied).searchParams.get('finding')).toBe(finding.id);

    await page.goto(copied);
    const reopened = page.getByTestId('finding-detail-drawer');
    await expect(reopened).toBeVisible();
    await expect(reopened.getByTestId('finding-id')).toHaveText(finding.id);
    await expect(reopened.getByRole('heading', { level: 2 })).toHaveText(
      finding.title,
    );
  });

  test('Back undoes the last filter change', async ({ page, api }) => {
    const all = await api.summary(DEFAULT_FILTER);
    await expectCounts(page, all);

    await page.getByTestId('severity-count-HIGH').click();
    await expect(page).toHaveURL(/severity=HIGH/);
    const high = await api.summary({ ...DEFAULT_FILTER, severity: ['HIGH'] });
    await expectCounts(page, high);

    await page.getByTestId('severity-count-CRITICAL').click();
    await expect(page).toHaveURL(/severity=HIGH&severity=CRITICAL/);

    await page.goBack();
    await expect
      .poll(() => new URL(page.url()).searchParams.getAll('severity'))
      .toEqual(['HIGH']);
    await expect(page.getByTestId('severity-count-CRITICAL')).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await expectCounts(page, high);

    await page.goBack();
    await expect(page).toHaveURL(/\/securityhub$/);
    await expectCounts(page, all);
  });

  test('an invalid URL value is named, the other filters kept', async ({
    page,
    api,
  }) => {
    const { items } = await api.firstPage(DEFAULT_FILTER);
    const region = items[0].region;
    const kept = { ...DEFAULT_FILTER, region: [region] };
    const keptSummary = await api.summary(kept);

    const query = new URLSearchParams();
    query.append('severity', 'SEVERE');
    for (const [key, values] of Object.entries(kept)) {
      for (const value of values ?? []) query.append(key, value);
    }
    await page.goto(`/securityhub?${query}`);

    const problem = page.getByTestId('query-problem');
    await expect(problem).toContainText('severity=SEVERE');
    await expectCounts(page, keptSummary);

    await problem
      .getByRole('button', { name: /Remove severity=SEVERE/ })
      .click();
    await expect(problem).toHaveCount(0);
    await expect(page).not.toHaveURL(/SEVERE/);
    await expect(page).toHaveURL(new RegExp(`region=${region}`));
    await expectCounts(page, keptSummary);
  });
});
