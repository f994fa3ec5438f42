import { execFile } from 'child_process';
import { accessSync, constants } from 'fs';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { basename, delimiter, join } from 'path';
import type { ValidationProblem } from './types';

/** What cfn-lint said; `skipped` says why it did not run. */
export interface CfnLintResult {
  problems: ValidationProblem[];
  skipped?: string;
}

interface CfnLintMatch {
  Filename?: string;
  Rule?: { Id?: string; Description?: string };
  Level?: string;
  Message?: string;
  Location?: {
    Start?: { LineNumber?: number; ColumnNumber?: number };
    Path?: Array<string | number> | null;
  };
}

function toPath(match: CfnLintMatch): string {
  const segments = match.Location?.Path;
  if (segments && segments.length > 0) {
    return segments
      .map((segment, i) =>
        typeof segment === 'number'
          ? `[${segment}]`
          : `${i ? '.' : ''}${segment}`,
      )
      .join('');
  }
  const start = match.Location?.Start;
  return start ? `line ${start.LineNumber}, column ${start.ColumnNumber}` : '';
}

/** Maps cfn-lint's `--format json` output to the validator's problem shape. */
export function parseCfnLintOutput(
  output: string,
  options: { withFileName?: boolean } = {},
): ValidationProblem[] {
  const matches: CfnLintMatch[] = output.trim() ? JSON.parse(output) : [];
  return matches.map(match => toProblem(match, !!options.withFileName));
}

function toProblem(
  match: CfnLintMatch,
  withFileName: boolean,
): ValidationProblem {
  return {
    rule: `cfn-lint-${match.Rule?.Id ?? 'unknown'}`,
    path:
      withFileName && match.Filename
        ? `${basename(match.Filename)}: ${toPath(match)}`
        : toPath(match),
    message: match.Message ?? match.Rule?.Description ?? 'cfn-lint problem',
    severity: match.Level === 'Error' ? 'error' : 'warning',
  };
}

/** Why a cfn-lint run produced no usable answer, or undefined when it did. */
function skipReason(
  executable: string,
  { code, stderr, missing }: Omit<ProcessResult, 'stdout'>,
): string | undefined {
  if (missing) return `${executable} is not installed (not found on PATH)`;
  if (code < 0 || (code & ~(2 | 4 | 8)) !== 0) {
    const lastLine = stderr.trim().split('\n').slice(-1)[0] ?? '';
    return `${executable} failed (exit ${code}): ${lastLine}`;
  }
  return undefined;
}

interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function run(
  executable: string,
  args: string[],
  timeoutMs: number,
): Promise<ProcessResult> {
  return new Promise(resolve => {
    execFile(
      executable,
      args,
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const errorCode = (error as NodeJS.ErrnoException | null)?.code;
        let code = 0;
        if (typeof errorCode === 'number') code = errorCode;
        else if (error) code = -1;
        resolve({ code, stdout, stderr, missing: errorCode === 'ENOENT' });
      },
    );
  });
}

export interface CfnLintOptions {
  /** Defaults to `cfn-lint` on PATH. */
  executable?: string;
  timeoutMs?: number;
}

/** Full path of `cfn-lint` on PATH, or undefined when it is not installed. */
export function findCfnLint(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, 'cfn-lint'), constants.X_OK);
      return join(dir, 'cfn-lint');
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Runs `cfn-lint --format json` on template files (slow: ~1.3 s to start,
 * so it is kept apart from the in-process checks, and several files share
 * one run; their problems then name the file). Exit codes: 0 clean; bits 2
 * errors, 4 warnings, 8 informational; anything else means it failed.
 */
export async function runCfnLint(
  filePaths: string | string[],
  options: CfnLintOptions = {},
): Promise<CfnLintResult> {
  const executable = options.executable ?? 'cfn-lint';
  const files = [filePaths].flat();
  const { code, stdout, stderr, missing } = await run(
    executable,
    ['--format', 'json', ...files],
    options.timeoutMs ?? 60_000 * Math.max(1, Math.ceil(files.length / 20)),
  );
  const skipped = skipReason(executable, { code, stderr, missing });
  if (skipped) return { problems: [], skipped };
  return {
    problems: parseCfnLintOutput(stdout, { withFileName: files.length > 1 }),
  };
}

/** What one cfn-lint run said about each of several files. */
export interface CfnLintFilesResult {
  /** Every file asked about has an entry, empty when cfn-lint found nothing. */
  byFile: Map<string, ValidationProblem[]>;
  skipped?: string;
}

/**
 * {@link runCfnLint} on many files at once, its problems sorted back to the
 * file they are about: one ~1.3–4 s interpreter start for the whole set
 * instead of one per file.
 */
export async function runCfnLintOnFiles(
  files: string[],
  options: CfnLintOptions = {},
): Promise<CfnLintFilesResult> {
  const byFile = new Map<string, ValidationProblem[]>(
    files.map(file => [file, []]),
  );
  if (files.length === 0) return { byFile };
  const { code, stdout, stderr, missing } = await run(
    options.executable ?? 'cfn-lint',
    ['--format', 'json', ...files],
    options.timeoutMs ?? 60_000 * Math.max(1, Math.ceil(files.length / 20)),
  );
  const skipped = skipReason(options.executable ?? 'cfn-lint', {
    code,
    stderr,
    missing,
  });
  if (skipped) return { byFile, skipped };
  const matches: CfnLintMatch[] = stdout.trim() ? JSON.parse(stdout) : [];
  for (const match of matches) {
    // cfn-lint names a file exactly as it was given on the command line.
    const problems = match.Filename ? byFile.get(match.Filename) : undefined;
    if (!problems)
      throw new Error(
        `cfn-lint reported on "${match.Filename}", which it was not asked about`,
      );
    problems.push(toProblem(match, false));
  }
  return { byFile };
}

/** {@link runCfnLint} on text, through a temporary file named like `fileName`. */
export async function runCfnLintOnText(
  text: string,
  fileName: string,
  options: CfnLintOptions = {},
): Promise<CfnLintResult> {
  const directory = await mkdtemp(join(tmpdir(), 'cfn-lint-'));
  try {
    const file = join(directory, basename(fileName) || 'template.yaml');
    await writeFile(file, text, 'utf8');
    return await runCfnLint(file, options);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
