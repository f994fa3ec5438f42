import fs from 'node:fs';
import path from 'node:path';
import type { Page, Response } from '@playwright/test';
import { expect, openFindingsPage, test } from './fixtures';

/**
 * How long the findings page takes to show a view's rows after the API has
 * answered, in the browser: the time from the list response's last byte
 * (Resource Timing `responseEnd`) to the DOM mutation that put the new first
 * row in the table (a MutationObserver in the page), both on the page's own
 * clock. Target: < 300 ms. Written to bench/results/browser.json.
 */

const TARGET_MS = 300;
const REPEAT = 5;
const RESULTS = path.resolve(__dirname, '../../../bench/results/browser.json');

interface Sample {
  view: string;
  afterApiMs: number;
  apiMs: number;
}

const isListResponse = (response: Response) =>
  /\/api\/securityhub-remediation\/v1\/findings\?/.test(response.url()) &&
  response.request().method() === 'GET';

/** Starts recording the first row's text at every change of the table. */
async function watchTable(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __rowLog: Array<{ at: number; text: string }>;
      __rowObserver?: MutationObserver;
    };
    w.__rowObserver?.disconnect();
    w.__rowLog = [];
    const table = document.querySelector(
      'table[aria-label="Security Hub findings"]',
    );
    if (!table) throw new Error('no findings table');
    const observer = new MutationObserver(() => {
      const row = table.querySelector('[data-testid="finding-row"]');
      w.__rowLog.push({ at: performance.now(), text: row?.textContent ?? '' });
    });
    observer.observe(table, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    w.__rowObserver = observer;
  });
}

/** Runs `act`, then measures from the list response to its rows. */
async function measure(
  page: Page,
  view: string,
  act: () => Promise<void>,
): Promise<Sample> {
  await watchTable(page);
  const [response] = await Promise.all([
    page.waitForResponse(isListResponse),
    act(),
  ]);
  const body = (await response.json()) as { items: Array<{ title: string }> };
  const firstTitle = body.items[0]?.title;
  expect(firstTitle, `${view}: the view has rows`).toBeTruthy();
  const firstRow = page.getByTestId('finding-row').first();
  await expect(firstRow).toContainText(firstTitle!);

  const timing = await page.evaluate(
    ({ url, title }) => {
      const entries = performance
        .getEntriesByType('resource')
        .filter(e => e.name === url) as PerformanceResourceTiming[];
      const entry = entries[entries.length - 1];
      const log = (
        window as unknown as { __rowLog: Array<{ at: number; text: string }> }
      ).__rowLog;
      const shown = log.find(
        m => m.at >= entry.responseEnd && m.text.includes(title),
      );
      return {
        responseEnd: entry.responseEnd,
        requestStart: entry.startTime,
        shownAt: shown?.at ?? log.find(m => m.text.includes(title))?.at,
      };
    },
    { url: response.url(), title: firstTitle! },
  );
  expect(timing.shownAt, `${view}: a mutation showed the rows`).toBeDefined();
  return {
    view,
    // Rows shown before the response's end (a cached answer) count as 0.
    afterApiMs: Math.max(0, timing.shownAt! - timing.responseEnd),
    apiMs: timing.responseEnd - timing.requestStart,
  };
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)
  ];
}

test('rows show < 300 ms after the API answers', async ({ page }) => {
  test.setTimeout(300_000);
  await openFindingsPage(page);
  await expect(page.getByTestId('finding-row').first()).toBeVisible();

  const samples: Sample[] = [];
  for (let i = 0; i < REPEAT; i++) {
    samples.push(
      await measure(page, 'filter (severity LOW)', () =>
        page.getByTestId('severity-count-LOW').click(),
      ),
    );
    samples.push(
      await measure(page, 'filter removed', () =>
        page.getByTestId('severity-count-LOW').click(),
      ),
    );
    samples.push(
      await measure(page, 'sort (title)', () =>
        page
          .getByRole('table', { name: 'Security Hub findings' })
          .getByRole('button', { name: /^Title/ })
          .click(),
      ),
    );
    samples.push(
      await measure(page, 'next page', () =>
        page.getByRole('button', { name: 'Next page' }).first().click(),
      ),
    );
    samples.push(
      await measure(page, 'sort (severity)', () =>
        page
          .getByRole('table', { name: 'Security Hub findings' })
          .getByRole('button', { name: /^Severity/ })
          .click(),
      ),
    );
  }

  const views = [...new Set(samples.map(s => s.view))];
  const rows = views.map(view => {
    const of = samples.filter(s => s.view === view);
    return {
      view,
      samples: of.length,
      afterApiP95Ms: Math.round(p95(of.map(s => s.afterApiMs))),
      afterApiMaxMs: Math.round(Math.max(...of.map(s => s.afterApiMs))),
      apiP95Ms: Math.round(p95(of.map(s => s.apiMs))),
    };
  });
  const overall = Math.round(p95(samples.map(s => s.afterApiMs)));
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(
    `\nview                      after API p95   max   API p95   (target < ${TARGET_MS} ms)`,
  );
  for (const r of rows) {
    print(
      `${r.view.padEnd(26)}${String(r.afterApiP95Ms).padStart(9)} ms${String(
        r.afterApiMaxMs,
      ).padStart(6)}${String(r.apiP95Ms).padStart(7)} ms`,
    );
  }
  print(`all views p95 ${overall} ms`);
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(
    RESULTS,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        portal: process.env.BENCH_PORTAL ?? 'yarn start (development build)',
        targetMs: TARGET_MS,
        allViewsP95Ms: overall,
        met: overall < TARGET_MS,
        views: rows,
      },
      null,
      2,
    )}\n`,
  );
});
