import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import {
  BACKEND_URL,
  DEFAULT_FILTER,
  cellOf,
  expect,
  openFindingsPage,
  sidebar,
  test,
} from './fixtures';

const REMEDIATIONS = `${BACKEND_URL}/api/securityhub-remediation/v1/remediations`;
const RUNBOOK = 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly';
const SCREENSHOT = path.resolve(
  __dirname,
  '../../../docs/remediation-timeline.png',
);

/** A token of a person the e2e config signs in with `localUsers`. */
async function tokenOf(request: APIRequestContext, provider: string) {
  const response = await request.get(
    `${BACKEND_URL}/api/auth/${provider}/refresh?env=development${
      provider === 'localUsers' ? '&user=approver' : ''
    }`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()).backstageIdentity.token as string;
}

test.describe('Remediate finding', () => {
  test('takes a failing finding through the wizard, an approver and the local loop to PASSED', async ({
    page,
    api,
    request,
  }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1440, height: 1100 });
    // The last failing S3.5 finding of the first page (the chat's test asks
    // about the first one).
    const { items } = await api.firstPage({ ...DEFAULT_FILTER, q: ['S3.5'] });
    const candidates = items.filter(item => item.controlId === 'S3.5');
    const finding = candidates[candidates.length - 1];
    expect(finding, 'a failing demo finding of S3.5').toBeDefined();

    // From the finding's drawer: what the engine knows, then Remediate.
    await openFindingsPage(page);
    await page.getByLabel('Search').fill('S3.5');
    const row = page.getByTestId('finding-row').nth(items.indexOf(finding));
    await expect(row).toContainText(finding.title);
    await (await cellOf(page, row, 'Updated')).click();
    const drawer = page.getByTestId('finding-detail-drawer');
    const section = drawer.getByTestId('finding-remediation');
    await expect(section).toContainText(RUNBOOK);
    await section.getByRole('link', { name: 'Remediate' }).click();

    // The wizard, with the finding filled in.
    await expect(page).toHaveURL(
      /\/create\/templates\/default\/securityhub-remediate-finding\?formData=/,
    );
    await expect(page.getByRole('textbox', { name: 'Finding' })).toHaveValue(
      `${finding.controlId} ${finding.title}`,
    );
    await page.getByRole('button', { name: 'Next' }).click();

    // Review: the template, its validation and what it changes.
    await expect(page.getByText(RUNBOOK).first()).toBeVisible();
    await expect(page.getByText(finding.awsAccountId).first()).toBeVisible();
    await expect(
      page.getByText(/AWSTemplateFormatVersion/).first(),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    // The task stages the remediation and follows it.
    await expect(
      page.getByText('Stage the reviewed remediation'),
    ).toBeVisible();
    const guest = await tokenOf(request, 'guest');
    let remediation: any;
    await expect
      .poll(
        async () => {
          const list = await request.get(REMEDIATIONS, {
            params: { findingId: finding.id },
            headers: { Authorization: `Bearer ${guest}` },
          });
          remediation = (await list.json()).items?.[0];
          return remediation?.status;
        },
        { timeout: 60_000 },
      )
      .toBe('awaiting_approval');

    // Its page, opened as the guest: live stages, and no approval for them.
    await sidebar(page).getByRole('link', { name: 'Remediations' }).click();
    await page
      .getByRole('link', { name: new RegExp(finding.controlId!) })
      .first()
      .click();
    await expect(page).toHaveURL(
      new RegExp(`/securityhub/remediations/${remediation.id}`),
    );
    await expect(page.getByText('Awaiting approval').first()).toBeVisible();
    await expect(page.getByText(/Local mode/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);

    const detail = await (
      await request.get(`${REMEDIATIONS}/${remediation.id}`, {
        headers: { Authorization: `Bearer ${guest}` },
      })
    ).json();
    const decision = {
      decision: 'approve',
      comment: 'Reviewed the bucket policy change',
      approvalToken: detail.approvalToken,
    };
    const refused = await request.post(
      `${REMEDIATIONS}/${remediation.id}/decision`,
      { headers: { Authorization: `Bearer ${guest}` }, data: decision },
    );
    expect(refused.status()).toBe(403);

    // The approver approves; the open page follows without a reload.
    const approver = await tokenOf(request, 'localUsers');
    const approved = await request.post(
      `${REMEDIATIONS}/${remediation.id}/decision`,
      { headers: { Authorization: `Bearer ${approver}` }, data: decision },
    );
    expect(approved.status(), await approved.text()).toBe(200);

    await expect(page.getByText('Verified').first()).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByText('user:default/dana.ops').first()).toBeVisible();
    await expect(
      page.getByText(/nothing was created in AWS/).first(),
    ).toBeVisible();
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }

    const fixed = await api.get<{ complianceStatus: string }>(
      `/v1/findings/${encodeURIComponent(finding.id)}`,
    );
    expect(fixed.complianceStatus).toBe('PASSED');
  });
});
