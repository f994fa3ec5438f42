import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  AWS_ACCOUNTS,
  cellOf,
  expect,
  openFindingsPage,
  sidebar,
  signIn,
  test,
} from './fixtures';

const THEMES = ['light', 'dark'] as const;

/**
 * WCAG 2.1 A and AA checks (axe-core) of what the plugin renders; serious
 * and critical violations fail, each listed with its elements.
 */
async function expectNoSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  const report = serious
    .map(
      v =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .slice(0, 5)
          .map(n => `  ${n.target.join(' ')}: ${n.failureSummary}`)
          .join('\n')}`,
    )
    .join('\n');
  expect(serious, `${where}\n${report}`).toEqual([]);
}

/** Backstage keeps the chosen theme in local storage. */
async function useTheme(page: Page, theme: (typeof THEMES)[number]) {
  await page.addInitScript(
    value => window.localStorage.setItem('theme', value),
    theme,
  );
}

for (const theme of THEMES) {
  test.describe(`accessibility, ${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await useTheme(page, theme);
    });

    test('the findings page and a finding drawer', async ({ page }) => {
      await openFindingsPage(page);
      await expect(page.getByTestId('finding-row').first()).toBeVisible();
      await expect(page.getByRole('main')).toHaveCount(1);
      await expectNoSeriousViolations(page, `findings page (${theme})`);

      const row = page.getByTestId('finding-row').first();
      await (await cellOf(page, row, 'Updated')).click();
      await expect(page.getByTestId('finding-detail-drawer')).toBeVisible();
      await expectNoSeriousViolations(page, `finding drawer (${theme})`);
    });

    test("an account entity's findings tab", async ({ page }) => {
      const account = AWS_ACCOUNTS['210987654321'];
      await signIn(page);
      await sidebar(page)
        .getByRole('link', { name: 'Catalog', exact: true })
        .click();
      await page.getByRole('button', { name: 'Component' }).click();
      await page.getByRole('option', { name: 'Resource' }).click();
      await page
        .getByRole('link', { name: account.title, exact: true })
        .click();
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Security Hub', exact: true })
        .click();
      await expect(page.getByTestId('finding-row').first()).toBeVisible();
      await expectNoSeriousViolations(page, `entity tab (${theme})`);
    });
  });
}

test.describe('layout', () => {
  for (const width of [1280, 1440]) {
    test(`the findings table fits a ${width} px window`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await openFindingsPage(page);
      await expect(page.getByTestId('finding-row').first()).toBeVisible();
      const table = page.getByRole('table', { name: 'Security Hub findings' });
      const overflow = await table.evaluate(element => {
        const container = element.parentElement!;
        return container.scrollWidth - container.clientWidth;
      });
      expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
      // The last column ends inside the table's container, not cut off.
      const lastHeader = await table
        .getByRole('columnheader')
        .last()
        .boundingBox();
      const container = await table.locator('xpath=..').boundingBox();
      expect(lastHeader!.x + lastHeader!.width).toBeLessThanOrEqual(
        container!.x + container!.width + 0.5,
      );
      // The pager is above the table too.
      await expect(page.getByRole('button', { name: 'Next page' })).toHaveCount(
        2,
      );
    });
  }
});
