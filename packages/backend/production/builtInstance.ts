/**
 * Instances of the built backend (builtBackend.ts) started as production
 * starts them: NODE_ENV=production, the repository's app-config.yaml and
 * app-config.production.yaml, plus an overlay.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import fsp from 'fs/promises';
import net from 'net';
import path from 'path';
import { CONFIG_FILES } from './builtBackend';

/** A fresh database prefix on a PostgreSQL server, as the backend uses it. */
export interface PostgresTarget {
  connectionString: string;
  /** `backend.database.prefix`: every plugin's database starts with it. */
  prefix: string;
}

export interface BuiltInstanceOptions {
  /** The folder installBuiltBackend returned. */
  dir: string;
  /** Shown in messages and names the log and overlay files. */
  name: string;
  port: number;
  postgres: PostgresTarget;
  /** Config read after app-config.yaml and app-config.production.yaml. */
  overlay: Record<string, unknown>;
  logDir: string;
}

export interface BuiltInstance {
  name: string;
  port: number;
  /** http://127.0.0.1:<port> */
  base: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  exit: Promise<number | string>;
  exited(): boolean;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Its log's lines without the request log. */
  logLines(): string[];
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the built backend as production starts it:
 * `NODE_ENV=production node packages/backend --config app-config.yaml
 * --config app-config.production.yaml --config <overlay>`, with the
 * PostgreSQL connection in the POSTGRES_* variables production reads.
 */
export async function startBuiltInstance(
  options: BuiltInstanceOptions,
): Promise<BuiltInstance> {
  const { dir, name, port, postgres, logDir } = options;
  if (await portAnswers(port)) {
    throw new Error(`Port ${port} is in use; ${name} cannot listen there`);
  }
  const base = `http://127.0.0.1:${port}`;
  const overlayFile = path.join(logDir, `${name}.config.yaml`);
  // JSON is YAML.
  await fsp.writeFile(
    overlayFile,
    JSON.stringify(
      mergeConfig(
        {
          app: { baseUrl: base },
          backend: {
            baseUrl: base,
            listen: `127.0.0.1:${port}`,
            database: { prefix: postgres.prefix },
          },
        },
        options.overlay,
      ),
      null,
      2,
    ),
  );
  const url = new URL(postgres.connectionString);
  const logFile = path.join(logDir, `${name}.log`);
  const log = await fsp.open(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      'packages/backend',
      ...[...CONFIG_FILES, overlayFile].flatMap(file => ['--config', file]),
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        POSTGRES_HOST: url.hostname,
        POSTGRES_PORT: url.port || '5432',
        POSTGRES_USER: decodeURIComponent(url.username),
        POSTGRES_PASSWORD: decodeURIComponent(url.password),
      },
      stdio: ['ignore', log.fd, log.fd],
    },
  );
  await log.close();
  let ended = false;
  const exit = new Promise<number | string>(resolve =>
    child.once('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const kill = (signal: NodeJS.Signals) => {
    if (!ended) child.kill(signal);
  };
  return {
    name,
    port,
    base,
    pid: child.pid!,
    logFile,
    exit,
    exited: () => ended,
    kill,
    stop: async (graceMs = 10_000) => {
      if (ended) return;
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
    logLines: () =>
      fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(line => line && !line.includes('"incomingRequest"')),
  };
}

/** Objects merged key by key; anything else in `over` replaces. */
function mergeConfig(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const into = merged[key];
    merged[key] =
      isObject(into) && isObject(value) ? mergeConfig(into, value) : value;
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Polls until `probe` answers true; throws `message` after `timeoutMs`. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; message: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(options.message);
    await new Promise(r => setTimeout(r, options.intervalMs ?? 200));
  }
}

/** Status code of a GET, or 0 when nothing answers. */
export async function statusOf(
  url: string,
  headers: Record<string, string> = {},
): Promise<number> {
  try {
    const res = await fetch(url, {
      headers,
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Waits for the readiness endpoint; fails early if the process exits. */
export async function waitForReady(
  instance: BuiltInstance,
  {
    timeoutMs = 120_000,
    intervalMs,
  }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  await waitUntil(
    async () => {
      if (instance.exited()) {
        throw new Error(
          `${instance.name} exited while starting:\n${instance
            .logLines()
            .slice(-20)
            .join('\n')}`,
        );
      }
      return (
        (await statusOf(`${instance.base}/.backstage/health/v1/readiness`)) ===
        200
      );
    },
    {
      timeoutMs,
      intervalMs,
      message: `${instance.name} did not become ready in ${timeoutMs / 1000} s`,
    },
  );
}
