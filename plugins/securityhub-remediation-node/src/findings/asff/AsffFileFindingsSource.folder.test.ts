import { mkdir, mkdtemp, rm, symlink, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type { FindingsBatch } from '../FindingsSource';
import { AsffFileFindingsSource } from './AsffFileFindingsSource';
import { s3Findings } from './__fixtures__/findings';

/** Batches by entry name: the number of findings, or the rejection. */
async function readFolder(path: string) {
  const source = new AsffFileFindingsSource({ id: 'x', path });
  const batches: FindingsBatch[] = [];
  for await (const batch of source.read({}, { retries: 0 })) {
    batches.push(batch);
  }
  return Object.fromEntries(
    batches.map(b => [
      b.origin.slice(path.length + 1),
      b.rejected ?? b.findings.length,
    ]),
  );
}

const findings = (count: number) => JSON.stringify(s3Findings(count));

describe('AsffFileFindingsSource: the entries of a folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asff-folder-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a Kubernetes ConfigMap mount: file links into a hidden ..data folder', async () => {
    // The layout the kubelet writes: a timestamped folder, `..data` linking
    // to it, and one link per key.
    const exports = join(dir, 'exports');
    await mkdir(join(exports, '..2026_11_19_08_00_00.123'), {
      recursive: true,
    });
    await writeFile(
      join(exports, '..2026_11_19_08_00_00.123', 'page.json'),
      findings(2),
    );
    await writeFile(
      join(exports, '..2026_11_19_08_00_00.123', 'more.jsonl'),
      s3Findings(3)
        .map(f => JSON.stringify(f))
        .join('\n'),
    );
    await symlink('..2026_11_19_08_00_00.123', join(exports, '..data'));
    await symlink('..data/page.json', join(exports, 'page.json'));
    await symlink('..data/more.jsonl', join(exports, 'more.jsonl'));

    expect(await readFolder(exports)).toEqual({
      'more.jsonl': 3,
      'page.json': 2,
    });
  });

  it('refuses links that lead outside the folder, nowhere, or in a loop', async () => {
    const exports = join(dir, 'exports');
    await mkdir(exports);
    await writeFile(join(dir, 'secret.json'), findings(1));
    await writeFile(join(exports, 'real.json'), findings(1));
    await symlink(join(dir, 'secret.json'), join(exports, 'absolute.json'));
    await symlink('../secret.json', join(exports, 'relative.json'));
    await symlink('real.json', join(exports, 'alias.json'));
    await symlink('missing.json', join(exports, 'dangling.json'));
    await symlink('loop-b.json', join(exports, 'loop-a.json'));
    await symlink('loop-a.json', join(exports, 'loop-b.json'));
    await symlink('.', join(exports, 'self'));

    const outside = {
      reason: `a symbolic link to ${join(
        dir,
        'secret.json',
      )}, outside ${exports}; only links that stay inside the folder are followed`,
    };
    expect(await readFolder(exports)).toEqual({
      'absolute.json': outside,
      'alias.json': 1,
      'dangling.json': {
        reason: 'a symbolic link to something that does not exist',
      },
      'loop-a.json': { reason: 'a symbolic link that leads back to itself' },
      'loop-b.json': { reason: 'a symbolic link that leads back to itself' },
      'real.json': 1,
      'relative.json': outside,
      self: {
        reason: `a folder; only files directly in ${exports} are read (name it with a leading dot to leave it out)`,
      },
    });
  });

  it('reports every entry it does not read, except hidden ones and documentation', async () => {
    await writeFile(join(dir, 'findings.json'), findings(2));
    await writeFile(join(dir, 'findings.csv'), 'Id,Title\n');
    await writeFile(join(dir, 'findings.csv.gz'), '');
    await writeFile(join(dir, 'firehose-1-2026-11-19-08-00-00-abc'), '');
    await writeFile(join(dir, 'findings.json.bak'), '');
    await mkdir(join(dir, '2026'));
    await writeFile(join(dir, '2026', 'nested.json'), findings(1));
    // Left out in silence.
    await writeFile(join(dir, '.DS_Store'), '');
    await writeFile(join(dir, '.findings.json.swp'), '');
    await mkdir(join(dir, '.archive'));
    await writeFile(join(dir, 'README.md'), '# Exports');
    await writeFile(join(dir, 'LICENSE'), 'MIT');

    const expected =
      'expected .json, .jsonl or .ndjson, optionally gzipped (.gz)';
    expect(await readFolder(dir)).toEqual({
      '2026': {
        reason: `a folder; only files directly in ${dir} are read (name it with a leading dot to leave it out)`,
      },
      'findings.csv': { reason: `not an ASFF export: .csv; ${expected}` },
      'findings.csv.gz': { reason: `not an ASFF export: .csv.gz; ${expected}` },
      'findings.json': 2,
      'findings.json.bak': { reason: `not an ASFF export: .bak; ${expected}` },
      'firehose-1-2026-11-19-08-00-00-abc': {
        reason: `not an ASFF export: no file extension; ${expected} (Firehose names its S3 objects without one: set the delivery stream's file extension to .jsonl, or rename them)`,
      },
    });
  });

  it('still fails as a whole when the folder itself is missing', async () => {
    await expect(readFolder(join(dir, 'gone'))).rejects.toThrow(
      /does not exist/,
    );
  });
});
