import { PassThrough } from 'stream';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import { EXPORT_FORMATS } from './exportFormats';
import { writeFindingsExport } from './writeFindingsExport';

const finding = (i: number) =>
  ({ id: `finding-${i}`, title: 'x'.repeat(100) } as Finding);

/** Batches of `size` findings, recording how many were read. */
function batches(count: number, size: number) {
  const read = { batches: 0, finished: false };
  async function* generate() {
    try {
      for (let i = 0; i < count; i += size) {
        read.batches++;
        yield Array.from({ length: Math.min(size, count - i) }, (_, j) =>
          finding(i + j),
        );
      }
    } finally {
      read.finished = true;
    }
  }
  return { read, iterable: generate() };
}

describe('writeFindingsExport', () => {
  it('writes a JSON array element by element', async () => {
    const sink = new PassThrough();
    const chunks: string[] = [];
    sink.on('data', c => chunks.push(String(c)));
    const { iterable } = batches(5, 2);
    const result = await writeFindingsExport({
      sink,
      format: EXPORT_FORMATS.json,
      batches: iterable,
      maxRows: 100,
    });
    expect(result).toEqual({ outcome: 'complete', rows: 5 });
    const parsed = JSON.parse(chunks.join(''));
    expect(parsed.map((f: Finding) => f.id)).toEqual(
      [0, 1, 2, 3, 4].map(i => `finding-${i}`),
    );
  });

  it('writes an empty JSON array when nothing matches', async () => {
    const sink = new PassThrough();
    const chunks: string[] = [];
    sink.on('data', c => chunks.push(String(c)));
    await writeFindingsExport({
      sink,
      format: EXPORT_FORMATS.json,
      batches: batches(0, 2).iterable,
      maxRows: 100,
    });
    expect(JSON.parse(chunks.join(''))).toEqual([]);
  });

  it('reads no further batch while the sink is full', async () => {
    // Nobody reads the sink: its 1 KB buffer fills on the first batch.
    const sink = new PassThrough({ highWaterMark: 1024 });
    const { read, iterable } = batches(100, 10);
    const writing = writeFindingsExport({
      sink,
      format: EXPORT_FORMATS.csv,
      batches: iterable,
      maxRows: 1000,
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(read.batches).toBe(1);

    sink.resume();
    await expect(writing).resolves.toEqual({ outcome: 'complete', rows: 100 });
    expect(read.batches).toBe(10);
  });

  it('stops reading when the sink closes', async () => {
    const sink = new PassThrough({ highWaterMark: 1024 });
    const { read, iterable } = batches(100, 10);
    const writing = writeFindingsExport({
      sink,
      format: EXPORT_FORMATS.csv,
      batches: iterable,
      maxRows: 1000,
    });
    await new Promise(resolve => setTimeout(resolve, 20));
    sink.destroy();
    await expect(writing).resolves.toMatchObject({ outcome: 'disconnected' });
    expect(read.batches).toBe(1);
    expect(read.finished).toBe(true);
  });

  it('stops at the most rows allowed, without the end', async () => {
    const sink = new PassThrough();
    const chunks: string[] = [];
    sink.on('data', c => chunks.push(String(c)));
    const result = await writeFindingsExport({
      sink,
      format: EXPORT_FORMATS.json,
      batches: batches(10, 4).iterable,
      maxRows: 6,
    });
    expect(result).toEqual({ outcome: 'capped', rows: 6 });
    const text = chunks.join('');
    expect(text.trim().endsWith(']')).toBe(false);
    expect(text.match(/finding-/g)).toHaveLength(6);
  });

  it('passes a read error on after what was written', async () => {
    const sink = new PassThrough();
    const chunks: string[] = [];
    sink.on('data', c => chunks.push(String(c)));
    async function* failing() {
      yield [finding(0)];
      throw new Error('connection reset');
    }
    await expect(
      writeFindingsExport({
        sink,
        format: EXPORT_FORMATS.jsonl,
        batches: failing(),
        maxRows: 10,
      }),
    ).rejects.toThrow('connection reset');
    expect(chunks.join('')).toContain('finding-0');
  });
});
