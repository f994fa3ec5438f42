import {
  DEFAULT_FILTER,
  expect,
  expectCounts,
  openFindingsPage,
  test,
} from './fixtures';

const CSV_HEADER =
  'id,title,severity,complianceStatus,workflowStatus,recordState,controlId,awsAccountId,region,resourceType,resourceId,createdAt,updatedAt,firstSeenAt,resolvedAt,remediationUrl';

/** Records of RFC 4180 text; quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return records;
}

test.describe('Security Hub findings export', () => {
  test.beforeEach(async ({ page }) => {
    await openFindingsPage(page);
  });

  test('downloads the filtered findings as CSV', async ({ page, api }) => {
    const high = { ...DEFAULT_FILTER, severity: ['HIGH'] };
    const highSummary = await api.summary(high);
    expect(highSummary.total).toBeGreaterThan(0);

    await page.getByTestId('severity-count-HIGH').click();
    await expect(page.getByTestId('severity-count-HIGH')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expectCounts(page, highSummary);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'CSV' }).click();
    const download = await downloading;

    expect(download.suggestedFilename()).toMatch(
      /^securityhub-findings-\d{8}T\d{6}Z\.csv$/,
    );
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) {
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const [header, ...records] = parseCsv(text);
    expect(header.join(',')).toBe(CSV_HEADER);
    expect(records).toHaveLength(highSummary.total);
    const severity = header.indexOf('severity');
    for (const record of records) {
      expect(record[severity]).toBe('HIGH');
    }
  });
});
