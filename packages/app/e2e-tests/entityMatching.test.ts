import {
  DEFAULT_FILTER,
  expect,
  expectCounts,
  expectFirstPage,
  formatCount,
  sidebar,
  signIn,
  test,
} from './fixtures';

const LEDGER_TAGS = ['app=ledger', 'environment=production'];

test.describe('findings of a service matched by its resource tags', () => {
  test('the Overview card and the Security Hub tab of the ledger component', async ({
    page,
    api,
  }) => {
    const filter = { ...DEFAULT_FILTER, resourceTag: LEDGER_TAGS };
    const summary = await api.summary(filter);
    const account = await api.summary({
      ...DEFAULT_FILTER,
      accountId: ['210987654321'],
    });
    // Some of the account's findings, not all of them and not none.
    expect(summary.total).toBeGreaterThan(0);
    expect(summary.total).toBeLessThan(account.total);

    await signIn(page);
    await sidebar(page)
      .getByRole('link', { name: 'Catalog', exact: true })
      .click();
    await page.getByRole('link', { name: 'Ledger', exact: true }).click();
    await expect(page).toHaveURL('/catalog/default/component/ledger');

    await expect(page.getByTestId('securityhub-card-total')).toHaveText(
      formatCount(summary.total),
    );
    await page.getByRole('link', { name: /View findings/ }).click();
    await expect(page).toHaveURL(
      '/catalog/default/component/ledger/securityhub',
    );

    await expectCounts(page, summary);
    const firstPage = await api.firstPage(filter);
    await expectFirstPage(page, firstPage);
    for (const finding of firstPage.items) {
      expect(finding.awsAccountId).toBe('210987654321');
    }

    // Its trends, reconstructed for its resources' findings on request.
    const trends = await api.get<{
      days: Array<{ date: string; new: number }>;
      computedOnRequest: boolean;
    }>('/v1/findings/trends', { resourceTag: LEDGER_TAGS });
    expect(trends.computedOnRequest).toBe(true);
    expect(trends.days).toHaveLength(90);
    const section = page.getByTestId('findings-trends');
    await section.getByRole('button', { name: 'Trends' }).click();
    await expect(
      section.getByText(/Reconstructed for these resources' findings/),
    ).toBeVisible();
    await expect(
      section.getByRole('figure', { name: 'Open findings by severity' }),
    ).toBeVisible();
  });
});
