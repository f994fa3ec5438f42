import { spawnSync } from 'child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseCfnLintOutput, runCfnLint, runCfnLintOnFiles } from './cfnLint';

describe('parseCfnLintOutput', () => {
  it('maps matches to problems', () => {
    const output = JSON.stringify([
      {
        Rule: { Id: 'E3002', Description: 'Validate properties' },
        Level: 'Error',
        Message:
          "Additional properties are not allowed ('RoleNmae' was unexpected)",
        Location: {
          Start: { LineNumber: 9, ColumnNumber: 7 },
          Path: ['Resources', 'AutomationRole', 'Properties', 'RoleNmae'],
        },
      },
      {
        Rule: { Id: 'W3005' },
        Level: 'Warning',
        Message: 'Obsolete DependsOn',
        Location: { Start: { LineNumber: 3, ColumnNumber: 1 }, Path: null },
      },
    ]);
    expect(parseCfnLintOutput(output)).toEqual([
      {
        rule: 'cfn-lint-E3002',
        path: 'Resources.AutomationRole.Properties.RoleNmae',
        message:
          "Additional properties are not allowed ('RoleNmae' was unexpected)",
        severity: 'error',
      },
      {
        rule: 'cfn-lint-W3005',
        path: 'line 3, column 1',
        message: 'Obsolete DependsOn',
        severity: 'warning',
      },
    ]);
  });
});

const cfnLintInstalled = !spawnSync('cfn-lint', ['--version']).error;

describe('runCfnLint', () => {
  it('reports skipped when the executable is missing', async () => {
    await expect(
      runCfnLint('template.yaml', {
        executable: 'cfn-lint-not-installed-here',
      }),
    ).resolves.toEqual({
      problems: [],
      skipped:
        'cfn-lint-not-installed-here is not installed (not found on PATH)',
    });
  });

  it('runs cfn-lint on a broken template when it is installed', async () => {
    if (!cfnLintInstalled) return;
    const file = join(
      __dirname,
      '__fixtures__',
      'broken',
      'unknown-property.yaml',
    );
    const result = await runCfnLint(file);
    expect(result.skipped).toBeUndefined();
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          message: expect.stringContaining('RoleNmae'),
        }),
      ]),
    );
  }, 60_000);
});

describe('runCfnLintOnFiles', () => {
  const fixture = (kind: string, name: string) =>
    join(__dirname, '__fixtures__', kind, name);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cfn-lint-files-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** A stand-in cfn-lint that logs each start and blames its last file. */
  async function fakeCfnLint() {
    const executable = join(dir, 'fake-cfn-lint');
    const log = join(dir, 'starts.log');
    await writeFile(
      executable,
      [
        '#!/bin/sh',
        `echo "$@" >> '${log}'`,
        'for last in "$@"; do :; done',
        `printf '[{"Filename":"%s","Level":"Error","Rule":{"Id":"E3002"},"Message":"bad property","Location":{"Path":["Resources","R"]}}]' "$last"`,
        'exit 2',
        '',
      ].join('\n'),
    );
    await chmod(executable, 0o755);
    return {
      executable,
      starts: async () => (await readFile(log, 'utf8')).trim().split('\n'),
    };
  }

  it('starts cfn-lint once for all files and gives each file its own problems', async () => {
    const { executable, starts } = await fakeCfnLint();
    const files = ['a.yaml', 'b.yaml', 'c.yaml'].map(f => join(dir, f));
    const result = await runCfnLintOnFiles(files, { executable });
    expect(await starts()).toEqual([`--format json ${files.join(' ')}`]);
    expect(result.skipped).toBeUndefined();
    expect(result.byFile.get(files[0])).toEqual([]);
    expect(result.byFile.get(files[1])).toEqual([]);
    expect(result.byFile.get(files[2])).toEqual([
      {
        rule: 'cfn-lint-E3002',
        path: 'Resources.R',
        message: 'bad property',
        severity: 'error',
      },
    ]);
  });

  it('does not start cfn-lint for no files, and says when it is missing', async () => {
    const { executable } = await fakeCfnLint();
    expect(await runCfnLintOnFiles([], { executable })).toEqual({
      byFile: new Map(),
    });
    const missing = await runCfnLintOnFiles(['a.yaml'], {
      executable: 'cfn-lint-not-installed-here',
    });
    expect(missing.skipped).toMatch(/not installed/);
    expect(missing.byFile.get('a.yaml')).toEqual([]);
  });

  it('with the real cfn-lint: a clean and a broken template in one run', async () => {
    if (!cfnLintInstalled) return;
    const clean = fixture('valid', 's3-bucket-encryption-template.yaml');
    const broken = fixture('broken', 'unknown-property.yaml');
    const result = await runCfnLintOnFiles([clean, broken]);
    expect(result.skipped).toBeUndefined();
    expect(result.byFile.get(clean)).toEqual([]);
    expect(result.byFile.get(broken)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          path: 'Resources.AutomationRole.Properties.RoleNmae',
        }),
      ]),
    );
  }, 60_000);
});
