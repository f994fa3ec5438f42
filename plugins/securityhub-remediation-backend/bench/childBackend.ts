import { spawn, type ChildProcess } from 'child_process';

/** A benchmark backend running as a child process. */
export interface ChildBackend {
  child: ChildProcess;
  /** What the child printed after `ready `: its base URL. */
  base: string;
}

/**
 * Starts `script` with the tsx loader this process runs under, with an IPC
 * channel, and resolves once it prints `ready <base url>`. Its last output
 * on stderr is reported if it exits before that, or later by a failure.
 */
export function startChildBackend(
  script: string,
  env: Record<string, string>,
): Promise<ChildBackend> {
  const child = spawn(process.execPath, [...process.execArgv, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let ready = false;
    child.stdout!.on('data', chunk => {
      stdout += chunk;
      const line = /ready (\S+)\n/.exec(stdout);
      if (line && !ready) {
        ready = true;
        resolve({ child, base: line[1] });
      }
    });
    child.once('exit', code => {
      if (!ready) {
        reject(
          new Error(`the backend exited (${code}) before serving: ${stderr}`),
        );
      } else if (code) {
        console.error(`the backend exited (${code}): ${stderr}`);
      }
    });
  });
}
