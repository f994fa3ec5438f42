import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CURATED_AUTOMATIONS } from './index';

const hasPython = spawnSync('python3', ['--version']).status === 0;

/** Every `aws:executeScript` step of the library is Python that compiles, with the handler it names. */
(hasPython ? describe : describe.skip)('curated automation scripts', () => {
  const scripts = CURATED_AUTOMATIONS.flatMap(automation =>
    automation.steps
      .filter(step => step.action === 'aws:executeScript')
      .map(step => ({
        id: `${automation.controlId}/${step.name}`,
        inputs: step.inputs,
      })),
  );

  it('compile with python3 and define their handler', () => {
    expect(scripts.length).toBeGreaterThan(10);
    const dir = mkdtempSync(join(tmpdir(), 'curated-scripts-'));
    try {
      const files = scripts.map(({ id, inputs }, i) => {
        expect(inputs.Runtime).toMatch(/^python3\.\d+$/);
        expect(inputs.Script).toMatch(
          new RegExp(`^def ${inputs.Handler}\\(events, context\\):`, 'm'),
        );
        const file = join(dir, `s${i}.py`);
        writeFileSync(file, String(inputs.Script));
        return { id, file };
      });
      // One interpreter for all files; on an error it names the file.
      const result = spawnSync('python3', [
        '-m',
        'py_compile',
        ...files.map(f => f.file),
      ]);
      const failed = files.find(f => result.stderr.toString().includes(f.file));
      expect(failed ? `${failed.id}: ${result.stderr}` : result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
