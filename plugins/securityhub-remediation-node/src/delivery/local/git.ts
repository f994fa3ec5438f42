import { execFile } from 'child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Raised when git exits with an unexpected code; names the command. */
export class GitCommandError extends Error {
  constructor(readonly args: string[], readonly result: GitResult) {
    super(
      `git ${args[0]} failed (exit ${result.code}): ${
        result.stderr.trim().split('\n').slice(-1)[0] ?? ''
      }`,
    );
    this.name = 'GitCommandError';
  }
}

export interface GitOptions {
  gitDir: string;
  input?: string;
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 for "not found"). */
  allowCodes?: number[];
}

/**
 * Runs git without a shell, on one repository, with no user or system
 * configuration (hooks, signing, aliases) influencing what it writes.
 */
export function git(args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        timeout: 30_000,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          GIT_DIR: options.gitDir,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          LC_ALL: 'C',
          ...options.env,
        },
      },
      (error, stdout, stderr) => {
        const exitCode = (error as { code?: unknown } | null)?.code;
        let code = 0;
        if (typeof exitCode === 'number') code = exitCode;
        else if (error) code = -1;
        const result = { code, stdout, stderr };
        if (code === 0 || options.allowCodes?.includes(code)) resolve(result);
        else if (code === -1) reject(error);
        else reject(new GitCommandError(args, result));
      },
    );
    child.stdin?.on('error', () => {
      // git may exit before reading stdin; the exit code reports why.
    });
    child.stdin?.end(options.input ?? '');
  });
}
