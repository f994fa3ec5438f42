import { createHash } from 'crypto';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type { FindingsBatch, UnitFingerprint } from '../FindingsSource';
import { AsffFileFindingsSource } from './AsffFileFindingsSource';
import { s3Findings } from './__fixtures__/findings';

async function read(path: string, storedUnits?: Map<string, UnitFingerprint>) {
  const source = new AsffFileFindingsSource({
    id: 'x',
    path,
    parseInWorker: false,
    batchFindings: 2,
  });
  const batches: FindingsBatch[] = [];
  for await (const batch of source.read({ storedUnits }, { retries: 0 })) {
    batches.push(batch);
  }
  return batches;
}

describe('AsffFileFindingsSource: fingerprints of the files it read', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asff-fingerprint-'));
    file = join(dir, 'export.json');
    await writeFile(file, JSON.stringify(s3Findings(5)));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("puts the file's size, time, hash and count on its last batch only", async () => {
    const batches = await read(dir);
    expect(batches.map(b => b.findings.length)).toEqual([2, 2, 1]);
    expect(batches.slice(0, -1).every(b => !b.fingerprint)).toBe(true);
    const { size, mtimeMs } = await stat(file);
    expect(batches.at(-1)?.fingerprint).toEqual({
      size,
      mtimeMs: Math.round(mtimeMs),
      sha256: createHash('sha256')
        .update(await readFile(file))
        .digest('base64url'),
      findings: 5,
    });
  });

  it('does not read a file whose size and time are the ones stored', async () => {
    const [fingerprint] = (await read(dir)).flatMap(b => b.fingerprint ?? []);
    // Same size and time but other bytes: proof that it was not read.
    const { mtime } = await stat(file);
    const original = await readFile(file, 'utf8');
    await writeFile(file, 'x'.repeat(original.length));
    await utimes(file, mtime, mtime);
    expect(await read(dir, new Map([[file, fingerprint]]))).toEqual([
      { origin: file, findings: [], unchanged: true, fingerprint },
    ]);
  });

  it('reads a file again whose bytes changed, whatever its size', async () => {
    const [fingerprint] = (await read(dir)).flatMap(b => b.fingerprint ?? []);
    await writeFile(file, JSON.stringify(s3Findings(4)));
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    const batches = await read(dir, new Map([[file, fingerprint]]));
    expect(batches.some(b => b.unchanged)).toBe(false);
    expect(batches.at(-1)?.fingerprint?.findings).toBe(4);
  });

  it('has no fingerprint for a rejected file, so it is read again next time', async () => {
    await writeFile(file, '{"Findings": [');
    const batches = await read(dir);
    expect(batches).toHaveLength(1);
    expect(batches[0].rejected).toBeDefined();
    expect(batches[0].fingerprint).toBeUndefined();
  });
});
