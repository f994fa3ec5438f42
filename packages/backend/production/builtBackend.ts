/**
 * The backend as it is deployed: `yarn build:backend`, its skeleton and
 * bundle extracted into a folder of their own, production dependencies only
 * (started by builtInstance.ts). Used by the production test
 * (twoInstances.ts) and by the findings load benchmark's instance mode.
 */
import { spawn } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import fsp from 'fs/promises';
import os from 'os';
import path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Installed dependencies by lockfile; CI starts without it. */
const INSTALL_CACHE = path.join(
  REPO_ROOT,
  'node_modules/.cache/production-backend',
);
/** The config the built backend is started with, before an overlay. */
export const CONFIG_FILES = ['app-config.yaml', 'app-config.production.yaml'];

/**
 * Packages of the production install that have install scripts. Only
 * better-sqlite3's matters (it compiles SQLite, ~2 min on 2 cores); the
 * others print notices. A package not listed here makes the install run
 * every script, as a plain install would.
 */
const KNOWN_INSTALL_SCRIPTS = new Set([
  'better-sqlite3',
  'core-js',
  'protobufjs',
]);

const seconds = (startMs: number) =>
  `${((performance.now() - startMs) / 1000).toFixed(1)} s`;

/** Runs `fn`, then prints how long it took under `name`. */
export async function timed<T>(
  name: string,
  fn: () => Promise<T>,
  durations?: Array<{ phase: string; seconds: number }>,
): Promise<T> {
  const start = performance.now();
  console.log(`\n--- ${name}`);
  try {
    return await fn();
  } finally {
    const took = (performance.now() - start) / 1000;
    durations?.push({ phase: name, seconds: Math.round(took * 10) / 10 });
    console.log(`--- ${name}: ${took.toFixed(1)} s`);
  }
}

/** Runs a command; its output goes to `logFile` and is shown if it fails. */
async function run(
  command: string,
  args: string[],
  options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  const log = await fsp.open(options.logFile, 'w');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', log.fd, log.fd],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    const output = await fsp.readFile(options.logFile, 'utf8');
    if (code !== 0) {
      throw new Error(
        `${command} ${args.join(' ')} exited with ${code}; its last output (${
          options.logFile
        }):\n${output.split('\n').slice(-40).join('\n')}`,
      );
    }
    return output;
  } finally {
    await log.close();
  }
}

function yarnRelease(): string {
  const rc = fs.readFileSync(path.join(REPO_ROOT, '.yarnrc.yml'), 'utf8');
  const release = /^yarnPath:\s*(\S+)/m.exec(rc)?.[1];
  if (!release) throw new Error('.yarnrc.yml names no yarnPath');
  return release;
}

/**
 * `yarn build:backend`: packages/backend/dist/{skeleton,bundle}.tar.gz.
 * REUSE_BACKEND_BUILD=1 takes the archives there as they are (a second local
 * run after no change).
 */
export async function buildBackend(logDir: string): Promise<void> {
  const dist = path.join(REPO_ROOT, 'packages/backend/dist/bundle.tar.gz');
  if (process.env.REUSE_BACKEND_BUILD === '1' && fs.existsSync(dist)) {
    console.log(`REUSE_BACKEND_BUILD=1: ${path.dirname(dist)} as it is`);
    return;
  }
  await run(process.execPath, [yarnRelease(), 'build:backend'], {
    cwd: REPO_ROOT,
    logFile: path.join(logDir, 'build-backend.log'),
  });
}

/** node_modules folders of an installed tree, relative to it. */
async function nodeModulesDirs(dir: string): Promise<string[]> {
  const found = ['node_modules'];
  for (const parent of ['packages', 'plugins']) {
    for (const name of await fsp.readdir(path.join(dir, parent))) {
      const candidate = path.join(parent, name, 'node_modules');
      if (fs.existsSync(path.join(dir, candidate))) found.push(candidate);
    }
  }
  return found;
}

/** Hard links where possible (same file system, instant), else copies. */
async function copyTree(from: string, to: string): Promise<void> {
  await fsp.mkdir(path.dirname(to), { recursive: true });
  const logFile = `${to}.copy.log`;
  try {
    await run('cp', ['-al', from, to], { cwd: REPO_ROOT, logFile });
  } catch {
    await fsp.rm(to, { recursive: true, force: true });
    await run('cp', ['-a', from, to], { cwd: REPO_ROOT, logFile });
  }
  await fsp.rm(logFile, { force: true });
}

/**
 * better-sqlite3 without its ~2 min compile: the repository's own install
 * built the same version for this Node, so its addon is copied. Falls back
 * to compiling it as its install script would.
 */
async function provideSqliteAddon(dir: string, logDir: string): Promise<void> {
  const target = path.join(dir, 'node_modules/better-sqlite3');
  if (!fs.existsSync(target)) return;
  const source = path.join(REPO_ROOT, 'node_modules/better-sqlite3');
  const addon = 'build/Release/better_sqlite3.node';
  const version = (pkg: string) =>
    JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
  if (
    fs.existsSync(path.join(source, addon)) &&
    version(source) === version(target)
  ) {
    await fsp.mkdir(path.join(target, 'build/Release'), { recursive: true });
    await fsp.copyFile(path.join(source, addon), path.join(target, addon));
  } else {
    await run(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules/node-gyp/bin/node-gyp.js'),
        'rebuild',
        '--release',
      ],
      { cwd: target, logFile: path.join(logDir, 'better-sqlite3-build.log') },
    );
  }
  await run(
    process.execPath,
    ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
    { cwd: dir, logFile: path.join(logDir, 'better-sqlite3-check.log') },
  );
}

/** `yarn workspaces focus --all --production` in `dir`. */
async function installProductionDependencies(dir: string, logDir: string) {
  const yarn = [path.join(dir, yarnRelease()), 'workspaces', 'focus'];
  const args = [...yarn, '--all', '--production'];
  const logFile = path.join(logDir, 'production-install.log');
  const output = await run(process.execPath, args, {
    cwd: dir,
    logFile,
    env: {
      ...process.env,
      YARN_ENABLE_SCRIPTS: 'false',
      YARN_ENABLE_COLORS: 'false',
    },
  });
  const withScripts = [
    ...output.matchAll(/YN0004: .*?(@?[^\s@]+)@npm:\S+ lists build scripts/g),
  ].map(match => match[1]);
  const unknown = withScripts.filter(name => !KNOWN_INSTALL_SCRIPTS.has(name));
  if (unknown.length > 0) {
    console.log(
      `Install scripts of ${unknown.join(
        ', ',
      )} are not known to be notices; installing with every script`,
    );
    await run(process.execPath, args, { cwd: dir, logFile });
    return;
  }
  await provideSqliteAddon(dir, logDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Extracts the built backend into a new temporary folder and installs its
 * production dependencies, from the cache when yarn.lock and Node are the
 * same. Returns the folder; the caller removes it.
 */
export async function installBuiltBackend(logDir: string): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'production-backend-'));
  try {
    await installInto(dir, logDir);
    return dir;
  } catch (error) {
    await fsp.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function installInto(dir: string, logDir: string): Promise<void> {
  const dist = path.join(REPO_ROOT, 'packages/backend/dist');
  for (const archive of ['skeleton.tar.gz', 'bundle.tar.gz']) {
    await run('tar', ['xzf', path.join(dist, archive), '-C', dir], {
      cwd: dir,
      logFile: path.join(logDir, 'extract.log'),
    });
  }
  for (const file of ['.yarnrc.yml', yarnRelease(), ...CONFIG_FILES]) {
    await fsp.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fsp.copyFile(path.join(REPO_ROOT, file), path.join(dir, file));
  }

  const key = crypto
    .createHash('sha256')
    .update(await fsp.readFile(path.join(dir, 'yarn.lock')))
    .update(`${process.version} ${process.platform} ${process.arch}`)
    .digest('hex')
    .slice(0, 16);
  const cached = path.join(INSTALL_CACHE, key);
  const manifest = path.join(cached, 'node-modules.json');
  if (fs.existsSync(manifest)) {
    console.log(`Production dependencies from ${cached}`);
    const dirs: string[] = JSON.parse(await fsp.readFile(manifest, 'utf8'));
    for (const relative of dirs) {
      await copyTree(path.join(cached, relative), path.join(dir, relative));
    }
    return;
  }

  const start = performance.now();
  await installProductionDependencies(dir, logDir);
  console.log(`Production dependencies installed in ${seconds(start)}`);
  // Written aside, then renamed: a run that stops half-way leaves no cache.
  const partial = `${cached}.partial-${process.pid}`;
  await fsp.rm(partial, { recursive: true, force: true });
  const dirs = await nodeModulesDirs(dir);
  for (const relative of dirs) {
    await copyTree(path.join(dir, relative), path.join(partial, relative));
  }
  await fsp.writeFile(
    path.join(partial, 'node-modules.json'),
    JSON.stringify(dirs),
  );
  // Only the current lockfile's install is worth its disk space; another
  // run's partial copy is left to it while that run lives.
  for (const entry of await fsp.readdir(INSTALL_CACHE)) {
    const writer = /\.partial-(\d+)$/.exec(entry)?.[1];
    if (writer && (Number(writer) === process.pid || isAlive(Number(writer)))) {
      continue;
    }
    await fsp.rm(path.join(INSTALL_CACHE, entry), {
      recursive: true,
      force: true,
    });
  }
  await fsp.rename(partial, cached);
}
