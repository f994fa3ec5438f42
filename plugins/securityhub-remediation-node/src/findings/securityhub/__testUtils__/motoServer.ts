import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';

/** @public */
export interface MotoServer {
  /** e.g. `http://127.0.0.1:54321`; use as the SDK client's `endpoint`. */
  readonly endpoint: string;
  /** Clears every resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** Stops the server and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Full path of `moto_server` on PATH, or undefined when it is not installed. */
export function findMotoServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>(resolve => probe.close(() => resolve()));
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => child.once('exit', () => resolve()));
}

/**
 * Starts `moto_server` on 127.0.0.1 and a free port, and waits until
 * `GET /moto-api/` answers. Throws with moto's output if it exits or does not
 * come up within `timeoutMs`.
 *
 * @public
 */
export async function startMotoServer(
  options: { executable?: string; timeoutMs?: number } = {},
): Promise<MotoServer> {
  const executable = options.executable ?? findMotoServer();
  if (!executable) {
    throw new Error('moto_server is not on PATH (pip install "moto[server]")');
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  child.once('error', error => {
    spawnError = error;
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `moto_server exited before it was ready: ${
          spawnError?.message ?? `code ${child.exitCode}`
        }\n${output}`,
      );
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint}\n${output}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }

  return {
    endpoint,
    stop,
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, {
        method: 'POST',
      });
      if (!response.ok) {
        throw new Error(`moto reset failed: HTTP ${response.status}`);
      }
    },
  };
}
