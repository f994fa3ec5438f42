import { execFileSync } from 'child_process';
import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { LocalGitRepository } from './LocalGitRepository';
import { remediationFiles } from '../files';

// Many git processes per test: slow on a busy 2-core machine.
jest.setTimeout(30_000);

const author = { name: 'Jane Doe', email: 'jane@example.com' };

function gitLog(repository: LocalGitRepository, format: string): string[] {
  return execFileSync(
    'git',
    ['--git-dir', repository.gitDir, 'log', `--format=${format}`, 'main'],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n');
}

describe('LocalGitRepository', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'local-git-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('commits once for the same content, and on the previous head for new content', async () => {
    const repository = new LocalGitRepository({ directory });
    const files = remediationFiles('Stack-A', 'a: 1\n', '[]\n');
    const first = await repository.stage({ files, message: 'Stage A', author });
    expect(first).toEqual({
      commitId: expect.stringMatching(/^[0-9a-f]{40}$/),
      changed: true,
      files: ['deploy/Stack-A.yaml', 'deploy/parameters/Stack-A-params.json'],
    });
    const again = await repository.stage({
      files,
      message: 'Stage A again',
      author,
    });
    expect(again).toMatchObject({ commitId: first.commitId, changed: false });

    const second = await repository.stage({
      files: remediationFiles('Stack-A', 'a: 2\n', '[]\n'),
      message: 'Stage A v2',
      author,
    });
    expect(second.changed).toBe(true);
    expect(gitLog(repository, '%H %P')).toEqual([
      `${second.commitId} ${first.commitId}`,
      `${first.commitId} `.trim(),
    ]);
    expect(gitLog(repository, '%an <%ae>')[0]).toBe(
      'Jane Doe <jane@example.com>',
    );
    expect(
      await repository.readFile(first.commitId, 'deploy/Stack-A.yaml'),
    ).toBe('a: 1\n');
    expect(
      await repository.readFile(second.commitId, 'deploy/Stack-A.yaml'),
    ).toBe('a: 2\n');
    expect(
      await repository.readFile(second.commitId, 'deploy/Other.yaml'),
    ).toBeUndefined();
    expect(
      await repository.readFile('f'.repeat(40), 'deploy/Stack-A.yaml'),
    ).toBeUndefined();
    await expect(
      repository.readFile('HEAD', 'deploy/Stack-A.yaml'),
    ).rejects.toThrow(/not a commit id/);
    expect(repository.commitUrl(second.commitId)).toBeUndefined();
  });

  it('refuses paths outside the remediation patterns and unsafe author text', async () => {
    const repository = new LocalGitRepository({ directory });
    await expect(
      repository.stage({
        files: [{ path: 'deploy/../x.yaml', content: '' }],
        message: 'm',
        author,
      }),
    ).rejects.toThrow(/"deploy\/..\/x.yaml" is not a remediation file path/);
    await expect(
      repository.stage({
        files: remediationFiles('S', '', ''),
        message: 'm',
        author: { name: 'Eve <evil@x>\n', email: 'eve@example.com' },
      }),
    ).rejects.toThrow(/author name/);
    expect(await repository.head()).toBeUndefined();
  });

  it('lands concurrent stages from two instances on one directory, in a linear history', async () => {
    const one = new LocalGitRepository({ directory });
    const two = new LocalGitRepository({ directory });
    const names = ['A', 'B', 'C', 'D', 'E', 'F'];
    const results = await Promise.all(
      names.map((name, i) =>
        (i % 2 ? two : one).stage({
          files: remediationFiles(`Stack-${name}`, `${name}\n`, '[]\n'),
          message: `Stage ${name}`,
          author,
        }),
      ),
    );
    expect(results.every(r => r.changed)).toBe(true);
    const head = (await one.head())!;
    const listed = await one.listFiles(head);
    for (const name of names) {
      expect(listed).toContain(`deploy/Stack-${name}.yaml`);
    }
    const history = gitLog(one, '%H %P');
    expect(history).toHaveLength(names.length);
    // Linear: every commit has at most one parent, each the next in the log.
    history.forEach((line, i) => {
      const [, ...parents] = line.split(' ').filter(Boolean);
      expect(parents).toEqual(
        i + 1 < history.length ? [history[i + 1].split(' ')[0]] : [],
      );
    });
    expect(new Set(results.map(r => r.commitId)).size).toBe(names.length);
  });
});
