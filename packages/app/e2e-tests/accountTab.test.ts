import {
  AWS_ACCOUNTS,
  DEFAULT_FILTER,
  expect,
  expectCounts,
  expectFirstPage,
  sidebar,
  signIn,
  test,
} from './fixtures';
import type { Locator, Page } from '@playwright/test';

const PAYMENTS_PROD = '210987654321';
const paymentsProd = AWS_ACCOUNTS[PAYMENTS_PROD];

/** The tabs of an entity page. */
function entityTabs(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Content navigation' });
}

test.describe('Security Hub entity tab', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
    await sidebar(page)
      .getByRole('link', { name: 'Catalog', exact: true })
      .click();
    await expect(
      page.getByRole('heading', { name: /^All Components/, level: 2 }),
    ).toBeVisible();
  });

  test("shows the findings of the payments-prod account's resource", async ({
    page,
    api,
  }) => {
    const filter = { ...DEFAULT_FILTER, accountId: [PAYMENTS_PROD] };
    const summary = await api.summary(filter);
    const all = await api.summary(DEFAULT_FILTER);
    // Only this account is counted: fewer than all, but some.
    expect(summary.total).toBeGreaterThan(0);
    expect(summary.total).toBeLessThan(all.total);

    await page.getByRole('button', { name: 'Component' }).click();
    await page.getByRole('option', { name: 'Resource' }).click();
    await page
      .getByRole('link', { name: paymentsProd.title, exact: true })
      .click();
    await expect(
      page.getByRole('heading', { level: 2, name: paymentsProd.title }),
    ).toBeVisible();
    await expect(page).toHaveURL(
      `/catalog/default/resource/${paymentsProd.name}`,
    );

    await entityTabs(page)
      .getByRole('link', { name: 'Security Hub', exact: true })
      .click();
    await expect(page).toHaveURL(
      `/catalog/default/resource/${paymentsProd.name}/securityhub`,
    );

    await expectCounts(page, summary);
    await expectFirstPage(page, await api.firstPage(filter));
    // The account is fixed by the entity: no account filter to change it,
    // and no account column repeating it on every row.
    await expect(page.getByLabel('Account', { exact: true })).toHaveCount(0);
    await expect(
      page.getByRole('columnheader', { name: 'Region', exact: true }),
    ).toBeVisible();
    await expect(
      page.getByRole('columnheader', { name: 'Account', exact: true }),
    ).toHaveCount(0);
  });

  test('offers no Security Hub tab on an entity without an AWS account', async ({
    page,
  }) => {
    await page
      .getByRole('link', { name: 'Security Hub Remediation Portal' })
      .click();
    await expect(page).toHaveURL(
      '/catalog/default/component/securityhub-remediation-portal',
    );

    const tabs = entityTabs(page);
    // The tabs have rendered (none at all would make the check vacuous).
    await expect(
      tabs.getByRole('link', { name: 'Overview', exact: true }),
    ).toBeVisible();
    await expect(
      tabs.getByRole('link', { name: 'Security Hub', exact: true }),
    ).toHaveCount(0);
  });
});
