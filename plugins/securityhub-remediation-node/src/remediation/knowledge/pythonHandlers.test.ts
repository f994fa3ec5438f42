import { spawnSync } from 'child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * The Python of the service files: every handler compiles, defines
 * handler(events, context) and passes python/lint.py (unused imports,
 * undefined names); the unit tests beside the handlers (test_*.py, moto)
 * pass. Skipped with a note where python3 (or moto) is missing.
 */
const SERVICES = join(__dirname, 'services');
const LINT = join(__dirname, 'python', 'lint.py');

const folders = readdirSync(SERVICES, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && entry.name !== '__pycache__')
  .map(entry => entry.name);
const pythonIn = (folder: string) =>
  readdirSync(join(SERVICES, folder))
    .filter(name => name.endsWith('.py'))
    .map(name => join(folder, name));
const allPython = folders.flatMap(pythonIn);
const isTest = (file: string) => /(^|\/)test_[^/]*\.py$/.test(file);
const handlers = allPython.filter(
  file => !isTest(file) && !file.endsWith('__init__.py'),
);
const testFiles = allPython.filter(isTest);

const python = (
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeout?: number } = {},
) =>
  spawnSync('python3', args, { cwd: SERVICES, encoding: 'utf8', ...options });
const hasPython = python(['--version']).status === 0;
const hasMoto = hasPython && python(['-c', 'import boto3, moto']).status === 0;
const requireMoto = process.env.REQUIRE_MOTO === '1';

if (!hasPython || !hasMoto) {
  // eslint-disable-next-line no-console
  console.warn(
    `pythonHandlers.test.ts: ${
      hasPython ? 'handler unit tests' : 'all Python checks'
    } skipped: ${
      hasPython
        ? 'moto or boto3 is not installed for python3'
        : 'python3 is not on PATH'
    }; set REQUIRE_MOTO=1 to make this a failure`,
  );
}

/** Byte code goes to a temporary folder, never beside the sources. */
let cache = '';
beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'handlers-pycache-'));
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const environment = () => ({
  ...process.env,
  PYTHONPYCACHEPREFIX: cache,
  PYTHONDONTWRITEBYTECODE: '1',
});

it('finds the handlers and their tests', () => {
  expect(handlers.length).toBeGreaterThan(40);
  expect(testFiles.length).toBeGreaterThanOrEqual(8);
  // unittest discovery only enters folders that are packages.
  const withTests = new Set(testFiles.map(file => file.split('/')[0]));
  expect(
    [...withTests].filter(f => !existsSync(join(SERVICES, f, '__init__.py'))),
  ).toEqual([]);
});

(hasPython || requireMoto ? describe : describe.skip)('python3', () => {
  it('compiles every handler and test (py_compile)', () => {
    const result = python(['-m', 'py_compile', ...allPython], {
      env: environment(),
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('finds no lint problem: handler(events, context), imports used, names defined', () => {
    const lintHandlers = python([LINT, '--handler', ...handlers]);
    expect(lintHandlers.stdout).toBe('');
    expect(lintHandlers.status).toBe(0);
    const lintOthers = python([LINT, ...testFiles, 'handler_testing.py', LINT]);
    expect(lintOthers.stdout).toBe('');
    expect(lintOthers.status).toBe(0);
  });

  it('has a lint that reports unused imports, undefined names and a missing handler', () => {
    const folder = mkdtempSync(join(tmpdir(), 'lint-'));
    try {
      const file = join(folder, 'bad.py');
      writeFileSync(
        file,
        'import os\nimport boto3\n\n\ndef handle(events, context):\n    return boto3.client(servce)\n',
      );
      const result = python([LINT, '--handler', file]);
      expect(result.stdout.split('\n').filter(Boolean)).toEqual([
        `${file}:1: 'os' imported but unused`,
        `${file}:1: no top-level handler(events, context)`,
        `${file}:6: undefined name 'servce'`,
      ]);
      expect(result.status).toBe(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

(hasMoto || requireMoto ? describe : describe.skip)(
  'handler unit tests',
  () => {
    it('exercise at least 8 handlers', () => {
      const exercised = new Set(
        testFiles.flatMap(file =>
          handlers.filter(handler =>
            readFileSync(join(SERVICES, file), 'utf8').includes(`'${handler}'`),
          ),
        ),
      );
      expect(exercised.size).toBeGreaterThanOrEqual(8);
    });

    it('pass under moto (python3 -m unittest discover)', () => {
      const result = python(
        ['-m', 'unittest', 'discover', '-s', '.', '-t', '.', '-p', 'test_*.py'],
        { env: environment(), timeout: 170_000 },
      );
      expect(result.status === 0 ? 'passed' : result.stderr).toBe('passed');
      const ran = Number(/Ran (\d+) tests?/.exec(result.stderr)?.[1] ?? 0);
      expect(ran).toBeGreaterThanOrEqual(testFiles.length);
    }, 180_000);
  },
);
