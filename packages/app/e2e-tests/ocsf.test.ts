import {
  DEFAULT_FILTER,
  cellOf,
  expect,
  openFindingsPage,
  test,
  type Finding,
  type FindingsApi,
} from './fixtures';

/** A listed finding with the source it was stored from. */
type SourcedFinding = Finding & { sourceId: string };

/** The bundled OCSF demo covers the staging account, among others. */
const STAGING = '345678901234';

/** The first open, failed finding of the staging account that came from the OCSF demo source. */
async function firstOcsfFinding(api: FindingsApi): Promise<SourcedFinding> {
  let cursor: string | undefined;
  do {
    const page = await api.get<{
      items: SourcedFinding[];
      nextCursor: string | null;
    }>('/v1/findings', {
      ...DEFAULT_FILTER,
      accountId: [STAGING],
      limit: '500',
      ...(cursor ? { cursor } : {}),
    } as Record<string, string | string[]>);
    const found = page.items.find(f => f.sourceId === 'demo-ocsf');
    if (found) return found;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  throw new Error('no open failed finding of the OCSF demo source');
}

test.describe('OCSF findings of the new Security Hub', () => {
  test('are listed like ASFF findings and show their OCSF document in the drawer', async ({
    page,
    api,
  }) => {
    const ocsf = await firstOcsfFinding(api);
    expect(ocsf.controlId).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    const filter = {
      ...DEFAULT_FILTER,
      accountId: [ocsf.awsAccountId],
      region: [ocsf.region],
      controlId: [ocsf.controlId!],
    };
    const { items } = await api.firstPage(filter);
    const index = items.findIndex(f => f.id === ocsf.id);
    expect(index).toBeGreaterThanOrEqual(0);

    await openFindingsPage(page);
    const query = new URLSearchParams();
    for (const [key, values] of Object.entries(filter)) {
      for (const value of values ?? []) query.append(key, value);
    }
    await page.goto(`/securityhub?${query}`);
    const row = page.getByTestId('finding-row').nth(index);
    await expect(row).toContainText(ocsf.title);
    await (await cellOf(page, row, 'Updated')).click();

    const drawer = page.getByTestId('finding-detail-drawer');
    await expect(drawer).toBeVisible();
    const raw = drawer.getByTestId('finding-raw-json');
    await expect(raw).toContainText(`"Id": "${ocsf.id}"`);
    // The original OCSF document is kept next to its ASFF form.
    await expect(raw).toContainText('"class_uid": 2003');
  });
});
