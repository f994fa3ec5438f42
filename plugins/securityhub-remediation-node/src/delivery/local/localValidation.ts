import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import type { PipelineStageState } from '../ports';
import type { ValidationReport } from '../../remediation/validation/types';
import { findCfnLint, runCfnLint } from '../../remediation/validation/cfnLint';
import { TEMPLATE_PATH } from '../files';
import type { LocalGitRepository } from './LocalGitRepository';

export type ValidationProblem = NonNullable<
  PipelineStageState['problems']
>[number];
type Problem = ValidationProblem;

/**
 * The Validate stage's checks on a commit: the engine's validator on every
 * `deploy/*.yaml`, then cfn-lint over all of them (unless off or absent).
 */
export async function validateCommit(options: {
  repository: LocalGitRepository;
  commitId: string;
  validate: (text: string, fileName: string) => ValidationReport;
  cfnLint: 'auto' | 'off';
}): Promise<{ templates: number; problems: Problem[]; lintNote: string }> {
  const { repository, commitId } = options;
  const templates = (await repository.listFiles(commitId)).filter(path =>
    TEMPLATE_PATH.test(path),
  );
  const problems: Problem[] = [];
  const texts: Array<{ path: string; text: string }> = [];
  for (const path of templates) {
    const text = (await repository.readFile(commitId, path)) ?? '';
    texts.push({ path, text });
    const report = options.validate(text, basename(path));
    for (const problem of report.problems) {
      problems.push({
        rule: problem.rule,
        path: `${path}: ${problem.path}`,
        severity: problem.severity,
        message: problem.message,
      });
    }
  }
  const lintNote =
    texts.length > 0 ? await lint(texts, problems, options.cfnLint) : '';
  return { templates: templates.length, problems, lintNote };
}

/** cfn-lint over all templates in one run (it is slow to start); appends its problems. */
async function lint(
  texts: Array<{ path: string; text: string }>,
  problems: Problem[],
  cfnLint: 'auto' | 'off',
): Promise<string> {
  if (cfnLint === 'off') return '';
  const executable = findCfnLint();
  if (!executable) return ' (cfn-lint is not on PATH: skipped)';
  const directory = await mkdtemp(join(tmpdir(), 'remediation-lint-'));
  try {
    const files: string[] = [];
    for (const { path, text } of texts) {
      const file = join(directory, basename(path));
      await writeFile(file, text, 'utf8');
      files.push(file);
    }
    const result = await runCfnLint(files, {
      executable,
      timeoutMs: 120_000,
    });
    if (result.skipped) {
      problems.push({
        rule: 'cfn-lint-skipped',
        path: '',
        severity: 'warning',
        message: result.skipped,
      });
      return ' (cfn-lint could not run)';
    }
    for (const problem of result.problems) {
      problems.push({
        ...problem,
        // With one file cfn-lint does not name it; with several it names the file.
        path:
          files.length === 1
            ? `${texts[0].path}: ${problem.path}`
            : `deploy/${problem.path}`,
      });
    }
    return ' and cfn-lint';
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
