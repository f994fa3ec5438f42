import { mkdir, mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { ConfigReader } from '@backstage/config';
import { DEFAULT_DEMO_FINDINGS_COUNT } from '@internal/plugin-securityhub-remediation-common';
import type { FindingsBatch, FindingsReadOptions } from '../FindingsSource';
import type { CopyBatchSpec } from '../storeRows';
import { AsffFileFindingsSource } from './AsffFileFindingsSource';
import { s3Finding, s3Findings } from './__fixtures__/findings';

/** A config entry as written in app-config (JSON values only). */
type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

async function readAll(
  source: AsffFileFindingsSource,
  options: FindingsReadOptions = {},
): Promise<{ batches: FindingsBatch[]; error?: Error }> {
  const batches: FindingsBatch[] = [];
  try {
    for await (const batch of source.read(options, { retries: 0 })) {
      batches.push(batch);
    }
    return { batches };
  } catch (error) {
    return { batches, error: error as Error };
  }
}

describe('AsffFileFindingsSource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asff-source-'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('yields one batch per ASFF file of a folder, sorted by name', async () => {
    await writeFile(
      join(dir, 'b-page.json'),
      JSON.stringify({ Findings: s3Findings(2) }),
    );
    await writeFile(
      join(dir, 'a-export.jsonl.gz'),
      gzipSync(
        [s3Finding(10), s3Finding(11), s3Finding(12)]
          .map(f => JSON.stringify(f))
          .join('\n'),
      ),
    );
    await writeFile(
      join(dir, 'c-export.ndjson'),
      JSON.stringify(s3Finding(20)),
    );
    await writeFile(join(dir, 'README.md'), '# not findings');

    const source = new AsffFileFindingsSource({ id: 'exports', path: dir });
    expect(source.kind).toBe('asff-files');
    expect(source.target).toBe(dir);
    const { batches, error } = await readAll(source, {
      updatedSince: '2999-01-01T00:00:00Z',
    });
    expect(error).toBeUndefined();
    expect(batches.map(b => [b.origin, b.findings.length, b.rejected])).toEqual(
      [
        [join(dir, 'a-export.jsonl.gz'), 3, undefined],
        [join(dir, 'b-page.json'), 2, undefined],
        [join(dir, 'c-export.ndjson'), 1, undefined],
      ],
    );
  });

  it('reads a single file', async () => {
    const file = join(dir, 'one.json');
    await writeFile(file, JSON.stringify(s3Findings(4)));
    const { batches } = await readAll(
      new AsffFileFindingsSource({ id: 'one', path: file }),
    );
    expect(batches).toHaveLength(1);
    expect(batches[0].origin).toBe(file);
    expect(batches[0].findings).toHaveLength(4);
  });

  describe.each([
    ['on its parser thread', true],
    ['inline', false],
  ])('a file of many batches, parsed %s', (_, parseInWorker) => {
    it('is one unit: bounded batches, each but the last marked `more`', async () => {
      await writeFile(join(dir, 'big.json'), JSON.stringify(s3Findings(450)));
      await writeFile(join(dir, 'small.json'), JSON.stringify(s3Findings(3)));
      const { batches, error } = await readAll(
        new AsffFileFindingsSource({
          id: 'x',
          path: dir,
          parseInWorker,
          batchFindings: 100,
        }),
      );
      expect(error).toBeUndefined();
      expect(
        batches.map(b => [
          b.origin.slice(dir.length + 1),
          b.findings.length,
          b.more,
        ]),
      ).toEqual([
        ['big.json', 100, true],
        ['big.json', 100, true],
        ['big.json', 100, true],
        ['big.json', 100, true],
        ['big.json', 50, undefined],
        ['small.json', 3, undefined],
      ]);
    });

    it('hands its batches over encoded for COPY when the read asks, with the same units', async () => {
      await writeFile(join(dir, 'big.json'), JSON.stringify(s3Findings(250)));
      const spec: CopyBatchSpec = {
        sourceId: 'x',
        seenAt: '2026-11-20T00:00:00.000Z',
        rowColumns: [['id', 'text']],
        detailColumns: [],
      };
      const { batches, error } = await readAll(
        new AsffFileFindingsSource({
          id: 'x',
          path: dir,
          parseInWorker,
          batchFindings: 100,
        }),
        { copyBatch: spec },
      );
      expect(error).toBeUndefined();
      expect(
        batches.map(b => [b.findings.length, b.copy?.read, b.more]),
      ).toEqual([
        [0, 100, true],
        [0, 100, true],
        [0, 50, undefined],
      ]);
      // The unit's fingerprint counts the findings of the file.
      expect(batches[2].fingerprint?.findings).toBe(250);
    });

    it('ends with a rejected batch when it goes bad after batches were handed over', async () => {
      const findings = s3Findings(1000);
      findings[920] = s3Finding(920, { AwsAccountId: 'payments' });
      await writeFile(join(dir, 'a-bad.json'), JSON.stringify(findings));
      await writeFile(join(dir, 'b-good.json'), JSON.stringify(s3Findings(1)));
      const { batches } = await readAll(
        new AsffFileFindingsSource({
          id: 'x',
          path: dir,
          parseInWorker,
          batchFindings: 100,
        }),
      );
      const rows = batches.map(b => [
        b.origin.slice(dir.length + 1),
        b.findings.length,
        b.more,
        b.rejected?.position,
      ]);
      const handedOver = rows.length - 2;
      // Batches before the problem went out (the reader does not wait for
      // the end of the file), then the unit ends rejected.
      expect(handedOver).toBeGreaterThanOrEqual(1);
      expect(rows).toEqual([
        ...Array(handedOver).fill(['a-bad.json', 100, true, undefined]),
        [
          'a-bad.json',
          0,
          undefined,
          `finding 921 ([920]), Id ${findings[920].Id}`,
        ],
        ['b-good.json', 1, undefined, undefined],
      ]);
    });

    it('stops reading when the signal aborts in the middle of a file', async () => {
      await writeFile(join(dir, 'big.json'), JSON.stringify(s3Findings(1000)));
      const controller = new AbortController();
      const seen: FindingsBatch[] = [];
      const source = new AsffFileFindingsSource({
        id: 'x',
        path: dir,
        parseInWorker,
        batchFindings: 100,
      });
      const error = await (async () => {
        for await (const batch of source.read(
          { signal: controller.signal },
          { retries: 0 },
        )) {
          seen.push(batch);
          controller.abort(new Error('shutting down'));
        }
      })().catch(e => e);
      expect(error).toEqual(new Error('shutting down'));
      expect(seen).toHaveLength(1);
    });
  });

  describe.each([
    ['on its parser thread', true],
    ['inline', false],
  ])('a file that cannot be imported, parsed %s', (_, parseInWorker) => {
    it('is rejected whole and the files after it still import', async () => {
      const bad = [s3Finding(7), s3Finding(8, { AwsAccountId: 'payments' })];
      const deepLine = `{"Id":"deep","Note":${'['.repeat(50_000)}${']'.repeat(
        50_000,
      )}}`;
      const files: Array<[string, string]> = [
        ['1-good.json', JSON.stringify({ Findings: s3Findings(3) })],
        ['2-invalid.json', JSON.stringify({ Findings: bad })],
        ['3-not-json.json', '{"Findings": ['],
        ['4-deep.jsonl', `${JSON.stringify(s3Finding(30))}\n${deepLine}`],
        ['5-good.jsonl', JSON.stringify(s3Finding(40))],
      ];
      for (const [name, text] of files) await writeFile(join(dir, name), text);

      const { batches, error } = await readAll(
        new AsffFileFindingsSource({ id: 'x', path: dir, parseInWorker }),
      );
      expect(error).toBeUndefined();
      expect(
        batches.map(b => [
          b.origin.slice(dir.length + 1),
          b.findings.length,
          b.rejected,
        ]),
      ).toEqual([
        ['1-good.json', 3, undefined],
        [
          '2-invalid.json',
          0,
          {
            position: `finding 2 (Findings[1]), Id ${bad[1].Id}`,
            reason: 'AwsAccountId: must be a 12-digit account id',
          },
        ],
        [
          '3-not-json.json',
          0,
          { reason: 'not valid JSON: Unexpected end of JSON input' },
        ],
        [
          '4-deep.jsonl',
          0,
          {
            position: 'line 2, Id deep',
            reason:
              'Note[0][0][0][0][0]…: nested deeper than 32 levels, the most a finding may have',
          },
        ],
        ['5-good.jsonl', 1, undefined],
      ]);
    });

    it('is rejected when it cannot be read', async () => {
      await writeFile(join(dir, 'a.json'), JSON.stringify(s3Findings(1)));
      await writeFile(join(dir, 'b.json'), JSON.stringify(s3Findings(2)));
      // Root reads any file whatever its mode: make reading fail instead.
      const fs = jest.requireActual('fs/promises');
      const realStat = fs.stat;
      jest.spyOn(fs, 'stat').mockImplementation((async (
        path: string,
        ...rest: unknown[]
      ) => {
        if (String(path).endsWith('a.json')) {
          throw Object.assign(
            new Error(`EACCES: permission denied, stat '${path}'`),
            { code: 'EACCES' },
          );
        }
        return realStat(path, ...rest);
      }) as typeof fs.stat);
      const { batches, error } = await readAll(
        new AsffFileFindingsSource({
          id: 'x',
          path: dir,
          parseInWorker: false,
        }),
      );
      expect(error).toBeUndefined();
      expect(batches.map(b => [b.findings.length, b.rejected])).toEqual([
        [
          0,
          {
            reason: `cannot be read: EACCES: permission denied, stat '${join(
              dir,
              'a.json',
            )}'`,
          },
        ],
        [2, undefined],
      ]);
    });
  });

  it('stops between files when the signal is aborted', async () => {
    await writeFile(join(dir, 'a.json'), JSON.stringify(s3Findings(1)));
    await writeFile(join(dir, 'b.json'), JSON.stringify(s3Findings(1)));
    const controller = new AbortController();
    const source = new AsffFileFindingsSource({ id: 'x', path: dir });
    const batches: FindingsBatch[] = [];
    await expect(async () => {
      for await (const batch of source.read(
        { signal: controller.signal },
        { retries: 0 },
      )) {
        batches.push(batch);
        controller.abort();
      }
    }).rejects.toThrow(/abort/i);
    expect(batches).toHaveLength(1);
  });

  it('rejects a file over the size limit and reads the small one', async () => {
    await writeFile(join(dir, 'a.json'), JSON.stringify(s3Findings(20)));
    await writeFile(join(dir, 'b.json'), JSON.stringify(s3Findings(1)));
    const { batches } = await readAll(
      new AsffFileFindingsSource({ id: 'x', path: dir, maxFileBytes: 2048 }),
    );
    expect(batches[0].rejected?.reason).toMatch(
      /^.* KiB exceeds the 2\.0 KiB limit for one ASFF file$/,
    );
    expect(batches[1].findings).toHaveLength(1);
  });

  it('fails when the path does not exist', async () => {
    const missing = join(dir, 'nowhere');
    const { error } = await readAll(
      new AsffFileFindingsSource({ id: 'lost', path: missing }),
    );
    expect(error?.name).toBe('NotFoundError');
    expect(error?.message).toBe(
      `Findings source "lost": ${missing} does not exist`,
    );
  });

  describe('fromConfig', () => {
    const fromConfig = (data: ConfigData) =>
      AsffFileFindingsSource.fromConfig(new ConfigReader(data));

    it('reads the bundled demo dataset completely', async () => {
      const source = fromConfig({ id: 'demo', type: 'asff-files', demo: true });
      expect(source.id).toBe('demo');
      expect(source.target).toMatch(
        /securityhub-remediation-common[\\/]demo[\\/]findings$/,
      );

      const { batches, error } = await readAll(source);
      expect(error).toBeUndefined();
      expect(batches.length).toBeGreaterThanOrEqual(6);
      expect(batches.some(b => b.origin.endsWith('.json'))).toBe(true);
      expect(batches.some(b => b.origin.endsWith('.jsonl'))).toBe(true);
      const findings = batches.flatMap(b => b.findings).map(f => f.normalized);
      expect(findings).toHaveLength(DEFAULT_DEMO_FINDINGS_COUNT);
      expect(new Set(findings.map(f => f.id)).size).toBe(findings.length);
      for (const batch of batches) {
        // One file per account and region.
        expect(batch.findings.length).toBeGreaterThan(0);
        expect(
          new Set(
            batch.findings.map(
              f => `${f.normalized.awsAccountId}/${f.normalized.region}`,
            ),
          ).size,
        ).toBe(1);
      }
    });

    it('resolves a relative path against the working directory', async () => {
      await mkdir(join(dir, 'exports'));
      await writeFile(
        join(dir, 'exports', 'a.json'),
        JSON.stringify(s3Findings(2)),
      );
      jest.spyOn(process, 'cwd').mockReturnValue(dir);
      const source = fromConfig({
        id: 'local',
        type: 'asff-files',
        path: 'exports',
        maxFileSizeMb: 1,
      });
      expect(source.target).toBe(join(dir, 'exports'));
      const { batches } = await readAll(source);
      expect(batches[0].findings).toHaveLength(2);
    });

    it('passes maxFileSizeMb on as the file size limit', async () => {
      await writeFile(join(dir, 'a.json'), JSON.stringify(s3Findings(400)));
      const source = fromConfig({
        id: 'small',
        type: 'asff-files',
        path: dir,
        maxFileSizeMb: 0.1,
      });
      const { batches } = await readAll(source);
      expect(batches[0].rejected?.reason).toMatch(
        /exceeds the 102\.4 KiB limit/,
      );
    });

    it('passes maxFileSeconds on as the time limit of one file', async () => {
      await writeFile(join(dir, 'a.json'), JSON.stringify(s3Findings(2000)));
      const source = fromConfig({
        id: 'slow',
        type: 'asff-files',
        path: dir,
        maxFileSeconds: 0.000001,
      });
      const { batches } = await readAll(source);
      expect(batches).toHaveLength(1);
      expect(batches[0].rejected).toEqual({
        position: expect.stringMatching(/^line \d+$/),
        reason: expect.stringMatching(
          /^not read within the 0\.000001 s limit for one ASFF file \(maxFileSeconds\)/,
        ),
      });
    });

    it.each([
      [
        { id: 's6', type: 'asff-files', demo: true, maxFileSeconds: 0 },
        /^Findings source "s6": maxFileSeconds must be a positive number of seconds/,
      ],
      [
        { id: 's1', type: 'asff-files' },
        /^Findings source "s1": set exactly one of "path"/,
      ],
      [
        { id: 's2', type: 'asff-files', path: '/tmp', demo: true },
        /^Findings source "s2": set exactly one of "path"/,
      ],
      [
        { id: 's3', type: 'asff-files', demo: false },
        /^Findings source "s3": set exactly one/,
      ],
      [
        { id: 's4', type: 'securityhub', demo: true },
        /^Findings source "s4": type must be "asff-files"/,
      ],
      [
        { id: 's5', type: 'asff-files', demo: true, maxFileSizeMb: -1 },
        /^Findings source "s5": maxFileSizeMb must be a positive number/,
      ],
    ])('rejects an invalid entry %j', (data, message) => {
      expect(() => fromConfig(data)).toThrow(message);
    });

    it('rejects an entry without an id or with values of the wrong type', () => {
      expect(() => fromConfig({ type: 'asff-files', demo: true })).toThrow(
        /id/,
      );
      expect(() =>
        fromConfig({ id: 'x', type: 'asff-files', path: 5 }),
      ).toThrow(/path/);
    });
  });
});
