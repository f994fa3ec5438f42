import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import {
  DEFAULT_FILTER,
  cellOf,
  expect,
  openFindingsPage,
  test,
} from './fixtures';

/** A SecOps engineer's request about control DMS.1 (the README's example). */
const EXAMPLE_QUESTION =
  'Generate an automation for remediating the finding, database migration service replication instances should not be public';

const SCREENSHOT = path.resolve(__dirname, '../../../docs/chat-panel.png');

function assistant(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Remediation assistant' });
}

/**
 * Records every length the answer's text had while it streamed, so the test
 * can tell an answer written chunk by chunk from one that arrived whole.
 */
async function recordAnswerLengths(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { answerLengths: number[] };
    w.answerLengths = [];
    const observer = new MutationObserver(() => {
      const answers = document.querySelectorAll('[data-testid="chat-answer"]');
      const last = answers[answers.length - 1];
      if (!last) return;
      const length = last.textContent?.length ?? 0;
      if (w.answerLengths[w.answerLengths.length - 1] !== length) {
        w.answerLengths.push(length);
      }
    });
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

/** Waits for the answer to end and fails with its text unless it completed. */
async function expectComplete(answer: Locator): Promise<void> {
  await expect(answer).not.toHaveAttribute('data-status', 'streaming');
  expect(
    await answer.getAttribute('data-status'),
    `the answer ended with: ${await answer.innerText()}`,
  ).toBe('complete');
}

async function send(panel: Locator, text: string): Promise<void> {
  const box = panel.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

test.describe('Remediation chat (local agent)', () => {
  test.beforeEach(async ({ page }) => {
    await openFindingsPage(page);
  });

  test('streams an answer with the template and its sources, and stops a second one', async ({
    page,
  }) => {
    await page
      .getByRole('button', { name: 'Ask the remediation assistant' })
      .click();
    const panel = assistant(page);
    await expect(panel).toBeVisible();

    await recordAnswerLengths(page);
    await send(panel, EXAMPLE_QUESTION);
    await expect(panel.getByTestId('chat-user-message')).toHaveText(
      EXAMPLE_QUESTION,
    );
    const answer = panel.getByTestId('chat-answer').last();
    await expectComplete(answer);
    await expect(panel.getByText('Local agent')).toBeVisible();

    // Written as it streamed: many lengths on the way to the full text.
    const lengths = await page.evaluate(
      () => (window as unknown as { answerLengths: number[] }).answerLengths,
    );
    expect(lengths.length).toBeGreaterThan(5);
    expect([...lengths].sort((a, b) => a - b)).toEqual(lengths);

    // DMS.1 cannot be automated: the answer says why and what to do instead.
    await expect(answer).toContainText('DMS.1');
    const proposal = answer.getByTestId('chat-proposal').first();
    await expect(proposal).toContainText(
      'DMS.1 — Database Migration Service replication instances should not be public',
    );
    await expect(proposal).toContainText('Cannot be automated');
    await expect(proposal).toContainText('Manual steps');
    expect(await proposal.getByRole('listitem').count()).toBeGreaterThan(1);

    const sources = answer.getByTestId('chat-citations');
    await expect(sources).toContainText('DMS.1');
    const links = sources.getByRole('link');
    expect(await links.count()).toBeGreaterThan(0);
    await expect(links.first()).toHaveAttribute('href', /^https:\/\//);

    // The tool steps the agent ran expand to their input.
    const step = answer
      .getByRole('button', { name: /^Find the control, succeeded/ })
      .first();
    await step.click();
    await expect(step).toHaveAttribute('aria-expanded', 'true');

    // A second answer, stopped while it streams.
    await send(panel, 'How do I remediate S3.5 without automation?');
    const second = panel.getByTestId('chat-answer').nth(1);
    await expect(second).toHaveAttribute('data-status', 'streaming');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(second).toHaveAttribute('data-status', 'stopped');
    await expect(second).toContainText('Stopped before the answer finished.');
    await expect(panel.getByRole('textbox', { name: 'Message' })).toBeEnabled();

    // Kept in the conversation list, and resumed with both answers.
    await panel.getByRole('button', { name: 'New conversation' }).click();
    await expect(panel.getByTestId('chat-answer')).toHaveCount(0);
    await panel
      .getByTestId('chat-conversation')
      .filter({ hasText: 'Generate an automation for remediating the finding' })
      .first()
      .click();
    await expect(panel.getByTestId('chat-answer')).toHaveCount(2);
    await expect(panel.getByTestId('chat-answer').nth(1)).toHaveAttribute(
      'data-status',
      'stopped',
    );
  });

  test('asks about a finding from its drawer and follows Remediate to the Remediate finding wizard', async ({
    page,
    api,
  }) => {
    // Room for the panel's screenshot (docs/chat-panel.png).
    await page.setViewportSize({ width: 1440, height: 1100 });
    // A finding of a control with a curated automation, found as a user would.
    const filter = { ...DEFAULT_FILTER, q: ['S3.5'] };
    const { items } = await api.firstPage(filter);
    const finding = items.find(item => item.controlId === 'S3.5');
    expect(finding, 'a demo finding of S3.5').toBeDefined();
    const index = items.indexOf(finding!);

    await page.getByLabel('Search').fill('S3.5');
    const row = page.getByTestId('finding-row').nth(index);
    await expect(row).toContainText(finding!.title);
    await (await cellOf(page, row, 'Updated')).click();
    const drawer = page.getByTestId('finding-detail-drawer');
    await expect(drawer.getByRole('heading', { level: 2 })).toHaveText(
      finding!.title,
    );

    await drawer
      .getByRole('button', { name: 'Ask about this finding' })
      .click();
    const panel = assistant(page);
    await expect(
      panel.getByText(`About finding: ${finding!.title}`),
    ).toBeVisible();
    await panel
      .getByRole('button', {
        name: 'Generate an automation for remediating this finding',
      })
      .click();

    const answer = panel.getByTestId('chat-answer').last();
    await expectComplete(answer);
    const proposal = answer.getByTestId('chat-proposal').first();
    await expect(proposal).toContainText('S3.5');
    await expect(proposal.getByTestId('code-yaml')).toContainText(
      /AWSTemplateFormatVersion|schemaVersion/,
    );
    await expect(proposal.getByTestId('chat-validation')).toContainText(
      'Valid',
    );
    await expect(
      proposal.getByRole('button', { name: 'Copy template' }),
    ).toBeVisible();
    const download = page.waitForEvent('download');
    await proposal
      .getByRole('button', { name: /^Download template as .+\.yaml$/ })
      .click();
    expect((await download).suggestedFilename()).toMatch(/\.yaml$/);
    const sources = answer.getByTestId('chat-citations');
    expect(await sources.getByRole('link').count()).toBeGreaterThan(0);

    // The start of the answer: the question, the steps, the text, the card.
    await panel
      .getByTestId('chat-user-message')
      .evaluate(element => element.scrollIntoView({ block: 'start' }));
    // The README's picture, refreshed on demand: UPDATE_SCREENSHOTS=1 bash scripts/e2e.sh
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.screenshot({ path: SCREENSHOT });
    }

    await proposal.getByRole('link', { name: 'Remediate' }).click();
    await expect(page).toHaveURL(
      /\/create\/templates\/default\/securityhub-remediate-finding\?formData=/,
    );
    const formData = new URL(page.url()).searchParams.get('formData');
    expect(JSON.parse(formData!)).toEqual({ findingId: finding!.id });
    await expect(page.getByRole('textbox', { name: 'Finding' })).toHaveValue(
      `${finding!.controlId} ${finding!.title}`,
    );
  });
});
