import { expect, openFindingsPage, test } from './fixtures';

interface TrendDay {
  date: string;
  open: Record<string, number>;
  new: number;
  resolved: number;
}

test('the trends section charts the daily counts on the findings page', async ({
  page,
  api,
}) => {
  // The sync records today's counts (back-filling the days before) just
  // after its run ends.
  const openOn = (day: TrendDay) =>
    Object.values(day.open).reduce((a, b) => a + b, 0);
  let today: TrendDay | undefined;
  await expect
    .poll(
      async () => {
        const trends = await api.get<{ days: TrendDay[] }>(
          '/v1/findings/trends',
          { days: '90' },
        );
        today = trends.days[trends.days.length - 1];
        return today ? openOn(today) : 0;
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);

  await openFindingsPage(page);
  const section = page.getByTestId('findings-trends');
  await section.getByRole('button', { name: 'Trends' }).click();

  const open = section.getByRole('figure', {
    name: 'Open findings by severity',
  });
  await expect(open).toBeVisible();
  // A drawn chart: stacked areas, at least one with some height (a
  // severity with no open findings is a flat line, which is not visible).
  const areas = open.locator('.recharts-area-area');
  await expect(areas.filter({ visible: true }).first()).toBeVisible();
  expect(await areas.count()).toBeGreaterThan(0);
  expect(await areas.first().getAttribute('d')).toMatch(/\d/);
  await expect(open.getByText(/^Open findings went from/)).toBeVisible();

  const changes = section.getByRole('figure', {
    name: 'New vs resolved per day',
  });
  await expect(
    changes.locator('.recharts-bar-rectangle').first(),
  ).toBeAttached();
  await expect(
    section.getByRole('figure', { name: 'Top failing controls' }),
  ).toBeVisible();
  await expect(
    section.getByRole('figure', { name: 'Findings by account' }),
  ).toBeVisible();

  // The data table alternative lists the last day's open total.
  await open.getByText('Open findings by severity: data table').click();
  const row = open.locator('tr', { hasText: today!.date });
  await expect(row.locator('td').last()).toHaveText(String(openOn(today!)));
});
