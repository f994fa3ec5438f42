import { mkdtemp, rm, truncate, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { AsffFileError, parseAsffFile, readAsffFile } from './parseAsffFile';
import { s3Finding, s3Findings } from './__fixtures__/findings';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const jsonLines = (values: unknown[]) =>
  values.map(value => JSON.stringify(value)).join('\n');

function parseError(file: string, content: Uint8Array, maxFileBytes?: number) {
  try {
    parseAsffFile(file, content, { maxFileBytes });
  } catch (error) {
    expect(error).toBeInstanceOf(AsffFileError);
    return error as AsffFileError;
  }
  throw new Error('expected parseAsffFile to throw');
}

describe('parseAsffFile', () => {
  describe('accepted formats', () => {
    it('reads aws securityhub get-findings output and ignores NextToken', () => {
      const document = {
        Findings: s3Findings(3),
        NextToken: 'eyJuZXh0IjoyfQ==',
      };
      const findings = parseAsffFile(
        'page.json',
        bytes(JSON.stringify(document)),
      );
      expect(findings.map(f => f.Resources[0].Id)).toEqual([
        'arn:aws:s3:::payments-prod-invoices-0',
        'arn:aws:s3:::payments-prod-invoices-1',
        'arn:aws:s3:::payments-prod-invoices-2',
      ]);
    });

    it('reads a bare array and a single finding', () => {
      expect(
        parseAsffFile('a.json', bytes(JSON.stringify(s3Findings(2)))),
      ).toHaveLength(2);
      const single = parseAsffFile(
        'one.json',
        bytes(JSON.stringify(s3Finding(5))),
      );
      expect(single).toHaveLength(1);
      expect(single[0].GeneratorId).toBe('security-control/S3.5');
    });

    it('keeps fields outside the schema', () => {
      const [finding] = parseAsffFile(
        'one.json',
        bytes(
          JSON.stringify(s3Finding(1, { Note: { Text: 'owner: payments' } })),
        ),
      );
      expect(finding.Note).toEqual({ Text: 'owner: payments' });
    });

    it('reads JSON Lines by extension, with blank lines and CRLF', () => {
      const text = `${JSON.stringify(s3Finding(1))}\r\n\r\n${JSON.stringify(
        s3Finding(2),
      )}\r\n`;
      expect(parseAsffFile('export.jsonl', bytes(text))).toHaveLength(2);
      expect(parseAsffFile('export.ndjson', bytes(text))).toHaveLength(2);
    });

    it('recognises JSON Lines content under a .json name', () => {
      expect(
        parseAsffFile('export.json', bytes(jsonLines(s3Findings(3)))),
      ).toHaveLength(3);
    });

    it('reads gzip by suffix and by magic bytes', () => {
      const document = gzipSync(JSON.stringify({ Findings: s3Findings(2) }));
      expect(parseAsffFile('page.json.gz', document)).toHaveLength(2);
      expect(parseAsffFile('page-without-suffix.json', document)).toHaveLength(
        2,
      );
      const lines = gzipSync(jsonLines(s3Findings(4)));
      expect(parseAsffFile('export.jsonl.gz', lines)).toHaveLength(4);
    });

    it('accepts a file without findings', () => {
      expect(parseAsffFile('none.json', bytes('{"Findings":[]}'))).toEqual([]);
    });
  });

  it('keeps the latest version of a finding that appears twice', () => {
    const older = s3Finding(1, {
      UpdatedAt: '2026-11-01T00:00:00Z',
      Title: 'old',
    });
    const newer = s3Finding(1, {
      UpdatedAt: '2026-11-02T00:00:00Z',
      Title: 'new',
    });
    const other = s3Finding(2);
    for (const order of [
      [older, other, newer],
      [newer, other, older],
    ]) {
      const findings = parseAsffFile('dup.json', bytes(JSON.stringify(order)));
      expect(findings).toHaveLength(2);
      expect(findings.find(f => f.Id === older.Id)?.Title).toBe('new');
    }
  });

  describe('rejected files', () => {
    it('reports a file that is not JSON', () => {
      const error = parseError(
        'demo/bad.json',
        bytes('{"Findings": [ {"Id": '),
      );
      expect(error.message).toMatch(/^demo\/bad\.json: not valid JSON: /);
      expect(parseError('notes.json', bytes('hello')).message).toMatch(
        /^notes\.json: not valid JSON: /,
      );
    });

    it('reports an empty file', () => {
      expect(parseError('empty.json', bytes('  \n')).message).toBe(
        'empty.json: is empty; expected ASFF findings as JSON or JSON Lines',
      );
      expect(parseError('empty.json.gz', gzipSync('')).message).toMatch(
        /is empty after decompression/,
      );
    });

    it('reports JSON that holds no findings', () => {
      expect(parseError('n.json', bytes('42')).message).toBe(
        'n.json: expected {"Findings": [...]}, an array of findings, one finding or EventBridge events, not number',
      );
      expect(parseError('f.json', bytes('{"Findings": {}}')).message).toBe(
        'f.json: Findings: must be an array',
      );
    });

    it('names the finding, its Id and the missing fields', () => {
      const missing = s3Finding(3);
      delete missing.AwsAccountId;
      delete missing.Title;
      const document = {
        Findings: [s3Finding(0), s3Finding(1), s3Finding(2), missing],
      };
      const error = parseError(
        'demo/bad.json',
        bytes(JSON.stringify(document)),
      );
      expect(error.problems).toEqual([
        `finding 4 (Findings[3]), Id ${missing.Id}: AwsAccountId: Required`,
        `finding 4 (Findings[3]), Id ${missing.Id}: Title: Required`,
      ]);
      expect(error.message).toBe(
        `demo/bad.json: finding 4 (Findings[3]), Id ${missing.Id}: AwsAccountId: Required\n` +
          `demo/bad.json: finding 4 (Findings[3]), Id ${missing.Id}: Title: Required`,
      );
    });

    it('names fields of the wrong type, down to nested paths', () => {
      const wrong = s3Finding(0, {
        AwsAccountId: '2109-8765',
        Severity: { Label: 'SEVERE' },
        Resources: [{ Type: 'AwsS3Bucket', Id: 42 }],
      });
      const error = parseError('demo/bad.json', bytes(JSON.stringify([wrong])));
      expect(error.problems).toEqual([
        `finding 1 ([0]), Id ${wrong.Id}: AwsAccountId: must be a 12-digit account id`,
        expect.stringMatching(
          /^finding 1 \(\[0\]\), Id .*: Severity\.Label: Invalid option: expected one of "INFORMATIONAL"/,
        ),
        `finding 1 ([0]), Id ${wrong.Id}: Resources[0].Id: Invalid input: expected string, received number`,
      ]);
    });

    it('reports a finding without an Id by position only', () => {
      const error = parseError(
        'x.json',
        bytes(JSON.stringify([s3Finding(0, { Id: 7 })])),
      );
      expect(error.problems).toEqual([
        'finding 1 ([0]): Id: Invalid input: expected string, received number',
      ]);
    });

    it('names line 7 of JSON Lines when it is not JSON', () => {
      const lines = s3Findings(9).map(value => JSON.stringify(value));
      lines[6] = '{"SchemaVersion": "2018-10-08", "Id": ';
      const error = parseError('export.jsonl', bytes(lines.join('\n')));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(/^line 7: not valid JSON: /);
      expect(error.message).toMatch(/^export\.jsonl: line 7: /);
      // Same content under a .json name is still recognised as JSON Lines.
      expect(
        parseError('export.json', bytes(lines.join('\n'))).problems[0],
      ).toMatch(/^line 7: not valid JSON/);
    });

    it('names line 7 of JSON Lines when its finding is invalid', () => {
      const values = s3Findings(9);
      values[6] = s3Finding(6, { CreatedAt: 'yesterday' });
      const error = parseError('export.jsonl', bytes(jsonLines(values)));
      expect(error.problems).toEqual([
        `line 7, Id ${values[6].Id}: CreatedAt: must be an ISO 8601 timestamp such as 2024-05-01T10:00:00Z`,
      ]);
    });

    it('lists at most the first 10 problems', () => {
      const broken = s3Findings(30).map(f => ({ ...f, AwsAccountId: 'none' }));
      const error = parseError('many.json', bytes(JSON.stringify(broken)));
      expect(error.problems).toHaveLength(11);
      expect(error.problems[9]).toMatch(/^finding 10 \(\[9\]\), /);
      expect(error.problems[10]).toBe('stopped after the first 10 problems');
    });

    it('rejects a file over the size limit before parsing it', () => {
      const content = bytes(JSON.stringify(s3Findings(3)));
      expect(parseError('big.json', content, 1024).message).toBe(
        `big.json: ${(content.length / 1024).toFixed(
          1,
        )} KiB exceeds the 1.0 KiB limit for one ASFF file`,
      );
    });

    it('caps the decompressed size', () => {
      const bomb = gzipSync(Buffer.alloc(3 * 1024 * 1024, ' '));
      expect(bomb.length).toBeLessThan(1024 * 1024);
      expect(parseError('bomb.json.gz', bomb, 1024 * 1024).message).toBe(
        'bomb.json.gz: decompresses to more than the 1 MiB limit for one ASFF file',
      );
    });

    it('reports a corrupt gzip file', () => {
      const truncated = gzipSync(JSON.stringify(s3Findings(5))).subarray(0, 40);
      expect(parseError('cut.json.gz', truncated).message).toMatch(
        /^cut\.json\.gz: not valid gzip: /,
      );
    });
  });
});

describe('readAsffFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asff-read-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and parses a file', async () => {
    const file = join(dir, 'page.json');
    await writeFile(file, JSON.stringify({ Findings: s3Findings(2) }));
    await expect(readAsffFile(file)).resolves.toHaveLength(2);
  });

  it('checks the size before reading: 300 MiB over the default limit', async () => {
    // A sparse file: 300 MiB by size, no disk space used.
    const file = join(dir, 'huge.json');
    await writeFile(file, '');
    await truncate(file, 300 * 1024 * 1024);
    await expect(readAsffFile(file)).rejects.toThrow(
      `${file}: 300.0 MiB exceeds the 256 MiB limit for one ASFF file`,
    );
  });
});
