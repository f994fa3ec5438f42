import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import {
  AsffFileError,
  parseAsffFile,
  readPreparedAsffFile,
} from './parseAsffFile';
import { s3Finding, s3Findings } from './__fixtures__/findings';

const bytes = (text: string) => Buffer.from(text, 'utf8');

function parseError(file: string, text: string) {
  try {
    parseAsffFile(file, bytes(text));
  } catch (error) {
    expect(error).toBeInstanceOf(AsffFileError);
    return error as AsffFileError;
  }
  throw new Error('expected parseAsffFile to throw');
}

/** An EventBridge event as Security Hub sends it and Firehose stores it. */
function event(
  findings: unknown[],
  detailType = 'Security Hub Findings - Imported',
) {
  return {
    version: '0',
    id: '8e5622f9-d81c-4d81-612a-9319e7ee2506',
    'detail-type': detailType,
    source: 'aws.securityhub',
    account: '210987654321',
    time: '2026-11-19T08:00:05Z',
    region: 'us-east-1',
    resources: findings.map(f => (f as { Id: string }).Id),
    detail: { findings },
  };
}

/** `{ "a": { "a": ... } }` with `levels` objects, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 1; i < levels; i++) node = node.a = {};
  return root;
}

describe('parseAsffFile: EventBridge events', () => {
  it('reads JSON Lines of events, one or more findings each', () => {
    const text = [event([s3Finding(1)]), event([s3Finding(2), s3Finding(3)])]
      .map(e => JSON.stringify(e))
      .join('\n');
    for (const name of ['events.jsonl', 'events.json']) {
      expect(
        parseAsffFile(name, bytes(text)).map(f => f.Resources[0].Id),
      ).toEqual([1, 2, 3].map(n => `arn:aws:s3:::payments-prod-invoices-${n}`));
    }
    expect(
      parseAsffFile('events.jsonl.gz', gzipSync(text)).map(f => f.Id),
    ).toHaveLength(3);
  });

  it('reads events concatenated without newlines, as Firehose writes them', () => {
    const text = [event([s3Finding(1)]), event([s3Finding(2)])]
      .map(e => JSON.stringify(e))
      .join('');
    expect(parseAsffFile('firehose.jsonl', bytes(text))).toHaveLength(2);
    expect(parseAsffFile('firehose.json', bytes(text))).toHaveLength(2);
  });

  it('reads one event, an array of events, and pretty-printed values in a row', () => {
    expect(
      parseAsffFile('one.json', bytes(JSON.stringify(event(s3Findings(2))))),
    ).toHaveLength(2);
    expect(
      parseAsffFile(
        'many.json',
        bytes(JSON.stringify([event([s3Finding(1)]), event([s3Finding(2)])])),
      ),
    ).toHaveLength(2);
    const jqOutput = [s3Finding(1), s3Finding(2)]
      .map(f => JSON.stringify(f, null, 2))
      .join('\n');
    expect(parseAsffFile('jq.json', bytes(jqOutput))).toHaveLength(2);
  });

  it('names the line and the finding of an event when a finding is invalid', () => {
    const bad = s3Finding(2, { AwsAccountId: 'payments' });
    const text = [event([s3Finding(1)]), event([s3Finding(3), bad])]
      .map(e => JSON.stringify(e))
      .join('\n');
    expect(parseError('events.jsonl', text).issues).toEqual([
      {
        position: `line 2, finding 2 (detail.findings[1]), Id ${bad.Id}`,
        reason: 'AwsAccountId: must be a 12-digit account id',
      },
    ]);
  });

  it('says which events hold no findings', () => {
    const insight = {
      'detail-type': 'Security Hub Insight Results',
      detail: { insightResults: [] },
    };
    expect(
      parseError('events.jsonl', JSON.stringify(insight)).problems,
    ).toEqual([
      'line 1: an EventBridge "Security Hub Insight Results" event without detail.findings; only "Security Hub Findings - ..." events hold findings',
    ]);
  });

  it('names the column of a broken value among values on one line', () => {
    const text = `${JSON.stringify(s3Finding(1))}{"Id": 1,}`;
    const [problem] = parseError('firehose.jsonl', text).issues;
    expect(problem.position).toBe(
      `line 1, column ${JSON.stringify(s3Finding(1)).length + 1}`,
    );
    expect(problem.reason).toMatch(/^not valid JSON: /);
  });

  it('names the line and column of broken JSON', () => {
    const text = '{\n  "Findings": [\n    {"Id": "x",, }\n  ]\n}';
    expect(parseError('page.json', text).issues).toEqual([
      {
        position: 'line 3, column 16',
        reason: expect.stringMatching(/^not valid JSON: /),
      },
    ]);
  });
});

describe('parseAsffFile: BatchImportFindings inputs', () => {
  it('takes Severity and Types from FindingProviderFields when only it has them', () => {
    const { Severity: _s, Types: _t, ...rest } = s3Finding(1);
    const input = {
      ...rest,
      FindingProviderFields: {
        Severity: { Label: 'HIGH', Original: '8.1' },
        Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
      },
    };
    const [finding] = parseAsffFile(
      'import.jsonl',
      bytes(JSON.stringify(input)),
    );
    expect(finding.Severity).toEqual({ Label: 'HIGH', Original: '8.1' });
    expect(finding.Types).toEqual([
      'Software and Configuration Checks/Vulnerabilities/CVE',
    ]);
  });
});

describe('readPreparedAsffFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asff-shapes-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a finding completed from FindingProviderFields with its Severity', async () => {
    const { Severity: _s, ...rest } = s3Finding(1);
    const file = join(dir, 'import.jsonl');
    await writeFile(
      file,
      JSON.stringify({
        ...rest,
        FindingProviderFields: { Severity: { Label: 'LOW' } },
      }),
    );
    const [prepared] = await readPreparedAsffFile(file);
    expect(prepared.normalized.severity).toBe('LOW');
    expect(JSON.parse(prepared.document).Severity).toEqual({ Label: 'LOW' });
  });

  it('reads timestamps without a zone as UTC', async () => {
    const file = join(dir, 'local.json');
    await writeFile(
      file,
      JSON.stringify([
        s3Finding(1, {
          CreatedAt: '2024-05-01T10:00:00',
          UpdatedAt: '2024-05-02T10:00:00.123456',
        }),
      ]),
    );
    const [prepared] = await readPreparedAsffFile(file);
    expect(prepared.normalized.createdAt).toBe('2024-05-01T10:00:00.000Z');
    expect(prepared.normalized.updatedAt).toBe('2024-05-02T10:00:00.123Z');
  });

  describe('a finding nested too deep', () => {
    const deep = () => s3Finding(1, { Note: nested(100_000) });
    const deepText = () =>
      `{"Note":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;

    it('is refused in a .json file with the file and position in the message', async () => {
      const file = join(dir, 'page.json');
      // Written by hand: JSON.stringify itself cannot write it.
      const finding = JSON.stringify(s3Finding(1));
      await writeFile(
        file,
        `{"Findings": [${JSON.stringify(s3Finding(0))}, ${finding.slice(
          0,
          -1,
        )},${deepText().slice(1)}]}`,
      );
      const error = await readPreparedAsffFile(file).catch(e => e);
      expect(error).toBeInstanceOf(AsffFileError);
      expect(error.message).toBe(
        `${file}: finding 2 (Findings[1]), Id ${
          deep().Id
        }: Note.a.a.a.a.a…: nested deeper than 32 levels, the most a finding may have`,
      );
    });

    it('is refused in a .jsonl file instead of being stored', async () => {
      const file = join(dir, 'export.jsonl');
      const finding = JSON.stringify(s3Finding(1));
      await writeFile(
        file,
        `${JSON.stringify(s3Finding(0))}\n${finding.slice(
          0,
          -1,
        )},${deepText().slice(1)}\n`,
      );
      const error = await readPreparedAsffFile(file).catch(e => e);
      expect(error).toBeInstanceOf(AsffFileError);
      expect(error.issues).toEqual([
        {
          position: `line 2, Id ${deep().Id}`,
          reason:
            'Note.a.a.a.a.a…: nested deeper than 32 levels, the most a finding may have',
        },
      ]);
    });

    it('and one larger than 1 MiB is refused too', async () => {
      const file = join(dir, 'big.jsonl');
      const big = s3Finding(1, { Note: { Text: 'x'.repeat(1024 * 1024) } });
      await writeFile(file, JSON.stringify(big));
      await expect(readPreparedAsffFile(file)).rejects.toThrow(
        `${file}: line 1, Id ${big.Id}: more than 1 MiB of JSON, the most a finding may have (Security Hub itself accepts 240 KB)`,
      );
    });
  });
});
