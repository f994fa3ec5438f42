import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import { AsffParseWorker } from './asffParseWorker';
import { AsffFileError, readPreparedAsffFile } from './parseAsffFile';

const LIMIT = 16 * 1024 * 1024;

describe('AsffParseWorker', () => {
  let dir: string;
  let worker: AsffParseWorker;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'asff-worker-'));
    worker = new AsffParseWorker();
  });
  afterAll(async () => {
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses on its thread exactly as the inline parser does', async () => {
    const file = join(dir, 'export.jsonl');
    const findings = [1, 2, 3].map(i =>
      asffFindingFixture({ suffix: String(i).padStart(4, '0') }),
    );
    writeFileSync(file, findings.map(f => JSON.stringify(f)).join('\n'));
    const parsed = await worker.parse(file, LIMIT);
    expect(parsed).toEqual(await readPreparedAsffFile(file));
    // The document is the line as written, not a re-serialization.
    expect(parsed[1].document).toBe(JSON.stringify(findings[1]));
    expect(parsed.map(f => f.normalized.id)).toEqual(findings.map(f => f.Id));
    expect(JSON.parse(parsed[0].document)).toEqual(findings[0]);
  });

  it('keeps file errors precise across the thread boundary', async () => {
    const file = join(dir, 'broken.json');
    const { AwsAccountId: _omitted, ...missing } = asffFindingFixture();
    writeFileSync(file, JSON.stringify({ Findings: [missing] }));
    const error = await worker.parse(file, LIMIT).catch(e => e);
    expect(error).toBeInstanceOf(AsffFileError);
    expect(error.file).toBe(file);
    expect(error.issues).toEqual([
      {
        position: expect.stringMatching(/^finding 1 \(Findings\[0\]\), Id /),
        reason: 'AwsAccountId: Required',
      },
    ]);
    expect(error.problems).toEqual([
      expect.stringMatching(
        /^finding 1 \(Findings\[0\]\), Id .*: AwsAccountId: Required$/,
      ),
    ]);
  });

  it('passes other errors on with their code', async () => {
    const error = await worker
      .parse(join(dir, 'absent.json'), LIMIT)
      .catch(e => e);
    expect(error.code).toBe('ENOENT');
  });

  it('answers requests in order while earlier ones are parsed', async () => {
    const files = [0, 1, 2].map(i => {
      const file = join(dir, `f${i}.json`);
      writeFileSync(
        file,
        JSON.stringify(asffFindingFixture({ suffix: `000${i}` })),
      );
      return file;
    });
    const results = await Promise.all(files.map(f => worker.parse(f, LIMIT)));
    expect(results.map(r => r[0].normalized.id.slice(-4))).toEqual([
      '0000',
      '0001',
      '0002',
    ]);
  });
});
