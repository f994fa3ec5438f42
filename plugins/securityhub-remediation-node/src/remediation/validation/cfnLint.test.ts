import { spawnSync } from 'child_process';
import { join } from 'path';
import { parseCfnLintOutput, runCfnLint } from './cfnLint';

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
