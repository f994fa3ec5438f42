import {
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { gzipSync } from 'zlib';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Worker } from 'worker_threads';
import {
  ASFF_FINDING_MAX_CHARACTERS,
  asffFindingFixture,
  type PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  ASFF_PARSER_HEAP_MIB,
  AsffParseWorker,
  BATCHES_IN_FLIGHT,
  type AsffWorkerReadOptions,
  type AsffWorkerReadStats,
} from './asffParseWorker';
import { AsffFileError, readPreparedAsffFile } from './parseAsffFile';
import {
  ASFF_BATCH_FINDINGS,
  readAsffFileInBatches,
  type AsffBatchReadStats,
} from './readAsffFileInBatches';
import { sha256OfFile } from './fileFingerprint';
import {
  encodeCopyBatch,
  type CopyBatch,
  type CopyBatchSpec,
} from '../storeRows';

jest.setTimeout(120_000);

const LIMIT = 256 * 1024 * 1024;

/** A `{"Findings": [...]}` page of `count` findings of about 2 KB each, written as a stream. */
async function writeLargePage(file: string, count: number): Promise<number> {
  const template = JSON.stringify(
    asffFindingFixture({ suffix: 'SUFFIX' }),
  ).replace(/}$/, `,"Note":{"Text":"${'x'.repeat(600)}"}}`);
  const out = createWriteStream(file);
  let bytes = 0;
  const write = (text: string) =>
    new Promise<void>(resolve => {
      bytes += text.length;
      if (out.write(text)) resolve();
      else out.once('drain', () => resolve());
    });
  await write('{"Findings": [\n');
  for (let i = 0; i < count; i++) {
    await write(
      `${i > 0 ? ',\n' : ''}${template.replace(
        'SUFFIX',
        String(i).padStart(8, '0'),
      )}`,
    );
  }
  await write('\n], "NextToken": "abc"}\n');
  await new Promise(resolve => out.end(resolve));
  return bytes;
}

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

  async function readBatches(
    file: string,
    options: AsffWorkerReadOptions = {},
  ): Promise<PreparedFinding[][]> {
    const batches: PreparedFinding[][] = [];
    for await (const batch of worker.read(file, {
      maxFileBytes: LIMIT,
      ...options,
    })) {
      batches.push(batch.findings);
    }
    return batches;
  }

  it('parses on its thread exactly as the inline parser does', async () => {
    const file = join(dir, 'export.jsonl');
    const findings = [1, 2, 3].map(i =>
      asffFindingFixture({ suffix: String(i).padStart(4, '0') }),
    );
    writeFileSync(file, findings.map(f => JSON.stringify(f)).join('\n'));
    const parsed = (await readBatches(file)).flat();
    expect(parsed).toEqual(await readPreparedAsffFile(file));
    // The document is the line as written, not a re-serialization.
    expect(parsed[1].document).toBe(JSON.stringify(findings[1]));
    expect(parsed.map(f => f.normalized.id)).toEqual(findings.map(f => f.Id));
    expect(JSON.parse(parsed[0].document)).toEqual(findings[0]);
  });

  it('encodes batches for COPY on its thread, as the inline encoder does', async () => {
    const file = join(dir, 'copy.jsonl');
    const findings = [1, 2, 3, 2].map(i =>
      asffFindingFixture({
        suffix: `c${i}`,
        updatedAt: `2026-11-0${i}T00:00:00.000Z`,
      }),
    );
    writeFileSync(file, findings.map(f => JSON.stringify(f)).join('\n'));
    const spec: CopyBatchSpec = {
      sourceId: 'demo',
      seenAt: '2026-11-20T00:00:00.000Z',
      rowColumns: [
        ['id', 'text'],
        ['updated_at', 'timestamptz'],
      ],
      detailColumns: [['document', 'text']],
    };
    const batches = [];
    for await (const batch of worker.read(file, {
      maxFileBytes: LIMIT,
      copyBatch: spec,
    })) {
      batches.push(batch);
    }
    expect(batches).toHaveLength(1);
    const [{ findings: parsed, copy }] = batches;
    expect(parsed).toEqual([]);
    // Typed arrays from another thread compare by their contents.
    const contents = ({ release, ...batch }: CopyBatch) =>
      Object.fromEntries(
        Object.entries(batch).map(([key, value]) => [
          key,
          ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : value,
        ]),
      );
    const inline: PreparedFinding[] = [];
    for await (const batch of readAsffFileInBatches(file))
      inline.push(...batch);
    expect(contents(copy!)).toEqual(contents(encodeCopyBatch(inline, spec)));
    expect(copy!.read).toBe(4);
    expect(copy!.idHashes).toHaveLength(3);
    // Written, its buffers go back to the thread (once).
    copy!.release!();
    copy!.release!();
    expect(copy!.details.byteLength).toBe(0);
    expect(copy!.idHashes).toHaveLength(3);
  });

  it('hands back the SHA-256 of the bytes it read, plain or gzipped, as the file hash gives it', async () => {
    const plain = join(dir, 'hashed.jsonl');
    writeFileSync(
      plain,
      [1, 2]
        .map(i => JSON.stringify(asffFindingFixture({ suffix: `h${i}` })))
        .join('\n'),
    );
    const gzipped = join(dir, 'hashed.jsonl.gz');
    writeFileSync(gzipped, gzipSync(readFileSync(plain)));
    for (const file of [plain, gzipped]) {
      const expected = await sha256OfFile(file);
      const stats: AsffWorkerReadStats = { batches: 0, peakHeldFindings: 0 };
      expect((await readBatches(file, { stats })).flat()).toHaveLength(2);
      expect(stats.sha256).toBe(expected);
      // Read where it is not on a thread, too.
      const inline: AsffBatchReadStats = { buffered: 0, peakBuffered: 0 };
      for await (const _ of readAsffFileInBatches(file, { stats: inline })) {
        // reading to the end
      }
      expect(inline.sha256).toBe(expected);
    }
  });

  it('keeps file errors precise across the thread boundary', async () => {
    const file = join(dir, 'broken.json');
    const { AwsAccountId: _omitted, ...missing } = asffFindingFixture();
    writeFileSync(file, JSON.stringify({ Findings: [missing] }));
    const error = await readBatches(file).catch(e => e);
    expect(error).toBeInstanceOf(AsffFileError);
    expect(error.file).toBe(file);
    expect(error.issues).toEqual([
      {
        position: expect.stringMatching(/^finding 1 \(Findings\[0\]\), Id /),
        reason: 'AwsAccountId: Required',
      },
    ]);
  });

  it('passes other errors on with their code', async () => {
    const error = await readBatches(join(dir, 'absent.json')).catch(e => e);
    expect(error.code).toBe('ENOENT');
  });

  it('reads several files at once, each in its own order', async () => {
    const files = [0, 1, 2].map(i => {
      const file = join(dir, `f${i}.json`);
      writeFileSync(
        file,
        JSON.stringify(asffFindingFixture({ suffix: `000${i}` })),
      );
      return file;
    });
    const results = await Promise.all(files.map(f => readBatches(f)));
    expect(results.map(r => r[0][0].normalized.id.slice(-4))).toEqual([
      '0000',
      '0001',
      '0002',
    ]);
  });

  it('reads findings of the largest size allowed within its bounded heap', async () => {
    const file = join(dir, 'largest-findings.jsonl');
    const largest = Array.from({ length: 60 }, (_, i) => ({
      ...asffFindingFixture({ suffix: String(i).padStart(4, '0') }),
      Description: 'x'.repeat(ASFF_FINDING_MAX_CHARACTERS - 4_000),
    }));
    writeFileSync(file, largest.map(f => JSON.stringify(f)).join('\n'));
    const parsed = (await readBatches(file)).flat();
    expect(parsed.map(f => f.normalized.id)).toEqual(largest.map(f => f.Id));
    expect(worker.failed).toBe(false);
    expect(
      (worker as unknown as { worker: Worker }).worker.resourceLimits,
    ).toMatchObject({ maxOldGenerationSizeMb: ASFF_PARSER_HEAP_MIB });
  });

  describe('a large file', () => {
    const COUNT = 30_000;
    let file: string;
    let bytes: number;
    beforeAll(async () => {
      file = join(dir, 'large.json');
      bytes = await writeLargePage(file, COUNT);
    });

    it('streams in bounded batches, never far ahead of the reader', async () => {
      expect(bytes).toBeGreaterThan(50 * 1024 * 1024);
      const stats: AsffWorkerReadStats = { batches: 0, peakHeldFindings: 0 };
      const sizes: number[] = [];
      let seen = 0;
      for await (const batch of worker.read(file, {
        maxFileBytes: LIMIT,
        stats,
      })) {
        const { findings } = batch;
        sizes.push(findings.length);
        expect(findings[0].normalized.id).toMatch(
          new RegExp(`${String(seen).padStart(8, '0')}$`),
        );
        seen += findings.length;
        // A slow writer: the thread must wait for it, not read on.
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      expect(seen).toBe(COUNT);
      expect(sizes.length).toBe(COUNT / ASFF_BATCH_FINDINGS);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(ASFF_BATCH_FINDINGS);
      expect(stats.batches).toBe(sizes.length);
      // Parsed-but-not-taken findings stay within the credit window plus
      // the batch being filled, far below the file's 30,000.
      expect(stats.peakHeldFindings).toBeGreaterThan(0);
      expect(stats.peakHeldFindings).toBeLessThanOrEqual(
        (BATCHES_IN_FLIGHT + 2) * ASFF_BATCH_FINDINGS,
      );
    });

    it('stops at the per-file time limit', async () => {
      const error = await readBatches(file, { maxFileSeconds: 0.001 }).catch(
        e => e,
      );
      expect(error).toBeInstanceOf(AsffFileError);
      expect(error.issues[0].reason).toMatch(
        /not read within the 0\.001 s limit for one ASFF file \(maxFileSeconds\)/,
      );
    });

    it('stops promptly when the signal aborts', async () => {
      const controller = new AbortController();
      let batches = 0;
      const error = await (async () => {
        for await (const _batch of worker.read(file, {
          maxFileBytes: LIMIT,
          signal: controller.signal,
        })) {
          batches += 1;
          if (batches === 2) controller.abort(new Error('sync timed out'));
        }
      })().catch(e => e);
      expect(error).toEqual(new Error('sync timed out'));
      expect(batches).toBe(2);
      // The thread stopped that read and serves the next one.
      const small = join(dir, 'after-abort.json');
      writeFileSync(small, JSON.stringify([asffFindingFixture()]));
      expect((await readBatches(small)).flat()).toHaveLength(1);
    });
  });

  it('rejects a file of 200,000 empty objects at the first one', async () => {
    const file = join(dir, 'empty-objects.json');
    writeFileSync(file, `[${Array(200_000).fill('{}').join(',')}]`);
    const error = await readBatches(file).catch(e => e);
    expect(error).toBeInstanceOf(AsffFileError);
    expect(error.issues[0]).toEqual({
      position: 'finding 1 ([0])',
      reason: expect.stringMatching(/: Required$|expected/),
    });
    // A bounded list, not one per entry.
    expect(error.issues.length).toBeLessThanOrEqual(11);
  });
});
