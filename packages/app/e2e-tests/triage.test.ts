import {
  DEFAULT_FILTER,
  cellOf,
  expect,
  expectCounts,
  openFindingsPage,
  test,
} from './fixtures';

interface WorkflowCounts {
  total: number;
  byWorkflowStatus: Record<string, number>;
}

test.describe('Triage of a finding', () => {
  test.beforeEach(async ({ page }) => {
    await openFindingsPage(page);
  });

  test('sets SUPPRESSED with a note from the drawer; it is saved and the counts move', async ({
    page,
    api,
  }) => {
    const before = await api.summary(DEFAULT_FILTER);
    const allBefore = await api.get<WorkflowCounts>('/v1/findings/summary');
    await expectCounts(page, before);

    // The default filter shows NEW and NOTIFIED findings only.
    const { items } = await api.firstPage(DEFAULT_FILTER);
    const finding = items[0];
    const row = page.getByTestId('finding-row').first();
    await expect(row).toContainText(finding.title);
    await (await cellOf(page, row, 'Updated')).click();

    const drawer = page.getByTestId('finding-detail-drawer');
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole('heading', { name: 'Triage' })).toBeVisible();
    await drawer
      .getByRole('button', { name: /Workflow status, this finding/ })
      .click();
    await page.getByRole('option', { name: 'SUPPRESSED' }).click();
    const note = `Accepted risk, reviewed ${new Date().toISOString()}`;
    await drawer
      .getByRole('textbox', { name: 'Note, this finding' })
      .fill(note);
    await drawer.getByRole('button', { name: 'Save' }).click();

    await expect(drawer.getByText('Saved: 1 finding updated.')).toBeVisible();
    // The drawer reloads the finding: its status and raw ASFF carry the triage.
    const raw = drawer.getByTestId('finding-raw-json');
    await expect(raw).toContainText('"Status": "SUPPRESSED"');
    await expect(raw).toContainText(note);
    await expect(raw).toContainText('"UpdatedBy": "user:');

    const stored = await api.get<{ workflowStatus: string }>(
      `/v1/findings/${encodeURIComponent(finding.id)}`,
    );
    expect(stored.workflowStatus).toBe('SUPPRESSED');

    // Suppressed findings leave the default view: its counts drop by one.
    const after = await api.summary(DEFAULT_FILTER);
    expect(after.total).toBe(before.total - 1);
    const allAfter = await api.get<WorkflowCounts>('/v1/findings/summary');
    expect(allAfter.total).toBe(allBefore.total);
    expect(allAfter.byWorkflowStatus.SUPPRESSED ?? 0).toBe(
      (allBefore.byWorkflowStatus.SUPPRESSED ?? 0) + 1,
    );

    await drawer.getByRole('button', { name: 'Close finding details' }).click();
    await expectCounts(page, after);
  });
});
