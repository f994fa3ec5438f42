import fs from 'fs';
import path from 'path';
import {
  DIST,
  HEALTH,
  ROOT,
  cmd,
  container,
  copies,
  imageSource,
  instructions,
  pod,
  read,
  tarEntries,
} from './__testUtils__/deploymentFiles';

describe('backend Dockerfile', () => {
  const cli = path.join(ROOT, 'node_modules/@backstage/cli-module-build');
  const artefacts = instructions
    .filter(i => i.keyword === 'COPY')
    .flatMap(i => i.args.split(/\s+/))
    .filter(w => w.startsWith('packages/backend/dist/'))
    .map(w => path.basename(w));

  it('runs as the non-root node user (uid 1000 in the base image)', () => {
    const users = instructions.filter(i => i.keyword === 'USER');
    const userBeforeCmd = instructions
      .slice(
        0,
        instructions.findIndex(i => i.keyword === 'CMD'),
      )
      .filter(i => i.keyword === 'USER')
      .pop()?.args;

    expect(instructions[0]).toEqual({
      keyword: 'FROM',
      args: 'node:20-bookworm-slim',
    });
    expect(userBeforeCmd).toBe('node');
    expect(users.pop()?.args).toBe('node');
    expect(pod.securityContext?.runAsUser).toBe(1000);
  });

  it('checks its health on the liveness endpoint', () => {
    const healthcheck = instructions.find(i => i.keyword === 'HEALTHCHECK');

    expect(healthcheck?.args).toContain(`localhost:7007${HEALTH}/liveness`);
  });

  it('starts the backend with config files it copies, as the Deployment does', () => {
    expect(cmd.slice(0, 2)).toEqual(['node', 'packages/backend']);
    const files = cmd.filter((_, i) => cmd[i - 1] === '--config');

    expect(files.filter(f => !imageSource(f))).toEqual([]);
    expect(
      [...container.command!, ...container.args!].slice(0, cmd.length),
    ).toEqual(cmd);
  });

  it('copies the tarballs that the Backstage CLI writes for a backend package', () => {
    const pkg = JSON.parse(read('packages/backend/package.json'));
    const source = fs.readFileSync(
      path.join(cli, 'dist/lib/buildBackend.cjs.js'),
      'utf8',
    );
    const written = [...source.matchAll(/"(\w+\.tar\.gz)"/g)].map(m => m[1]);

    expect(pkg.backstage.role).toBe('backend');
    expect(pkg.scripts.build).toBe('backstage-cli package build');
    expect(artefacts.sort()).toEqual(written.sort());
  });

  // The tarballs exist after `yarn build:backend` (git ignores dist/).
  const built = fs.existsSync(path.join(DIST, 'bundle.tar.gz'));
  (built ? describe : describe.skip)('after yarn build:backend', () => {
    it('copies what the build produced, which serves the app without writing files', () => {
      const tarballs = fs.readdirSync(DIST).filter(f => f.endsWith('.tar.gz'));
      const skeleton = tarEntries(path.join(DIST, 'skeleton.tar.gz'));
      const bundle = tarEntries(path.join(DIST, 'bundle.tar.gz'));

      expect(artefacts.sort()).toEqual(tarballs.sort());
      expect(skeleton).toContain('packages/backend/package.json');
      expect(bundle).toContain('packages/backend/dist/index.cjs.js');
      // With the HTML template the app backend injects config in memory;
      // without it, it rewrites a JS file, which a read-only root forbids.
      expect(bundle).toContain('packages/app/dist/index.html.tmpl');
    });
  });
});

describe('.dockerignore', () => {
  const rules = read('.dockerignore')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const negate = line.startsWith('!');
      const glob = line.replace(/^!/, '').replace(/^\.?\//, '');
      const source = glob
        .split(/(\*\*|\*|\?)/)
        .map(
          part =>
            ({ '**': '.*', '*': '[^/]*', '?': '[^/]' }[part] ??
            part.replace(/[.+^${}()|[\]\\]/g, '\\$&')),
        )
        .join('');
      return { negate, regex: new RegExp(`^${source}$`) };
    });

  /** Docker's rule: the last pattern matching the path or a parent decides. */
  function sent(file: string) {
    const parts = file.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let included = true;
    for (const { negate, regex } of rules) {
      if (prefixes.some(p => regex.test(p))) included = negate;
    }
    return included;
  }

  it('sends every file the Dockerfile copies', () => {
    const files = copies.flatMap(c =>
      c.dir
        ? fs
            .readdirSync(path.join(ROOT, c.source), { recursive: true })
            .map(f => path.join(c.source, String(f)))
            .filter(f => fs.statSync(path.join(ROOT, f)).isFile())
        : [c.source],
    );

    expect(files.length).toBeGreaterThan(8);
    expect(files.filter(f => !sent(f))).toEqual([]);
  });

  it.each([
    'node_modules/yaml/package.json',
    '.git/config',
    '.data/sqlite/backstage_plugin_catalog.sqlite',
    'app-config.local.yaml',
    'packages/backend/src/index.ts',
    'plugins/securityhub-remediation-backend/src/plugin.ts',
    'infra/kubernetes/secret.example.yaml',
  ])('keeps %s out of the build context', file => {
    expect(sent(file)).toBe(false);
  });
});
