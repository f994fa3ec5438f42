import path from 'path';
import { ServiceFactoryTester } from '@backstage/backend-test-utils';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { readHttpServerOptions } from '@backstage/backend-defaults/rootHttpRouter';
import { HostDiscovery } from '@backstage/backend-defaults/discovery';

const ROOT = path.resolve(__dirname, '../../..');

/** The config the backend reads when started with these files, in order. */
async function configOf(...files: string[]) {
  const argv = files.flatMap(file => ['--config', path.join(ROOT, file)]);
  return ServiceFactoryTester.from(
    rootConfigServiceFactory({ argv, watch: false }),
  ).getSubject();
}

describe('where the backend listens', () => {
  // The config loader announces every file it reads.
  beforeAll(() => jest.spyOn(console, 'log').mockImplementation(() => {}));
  afterAll(() => jest.restoreAllMocks());

  // Local mode signs everyone in as guest under an allow-all policy, so it
  // must not be reachable from other machines.
  it.each([
    ['local mode (scripts/start.sh)', ['app-config.yaml']],
    ['the end-to-end tests', ['app-config.yaml', 'app-config.e2e.yaml']],
  ])('binds to loopback only in %s', async (_, files) => {
    const config = await configOf(...files);

    const { listen } = readHttpServerOptions(config.getConfig('backend'));

    expect(listen).toEqual({ host: '127.0.0.1', port: 7007 });
    // Plugins call each other (the scaffolder actions call the findings
    // API) at the address the backend binds.
    await expect(
      HostDiscovery.fromConfig(config).getBaseUrl('securityhub-remediation'),
    ).resolves.toBe('http://127.0.0.1:7007/api/securityhub-remediation');
  });

  it('lets the browser at app.baseUrl call the backend at backend.baseUrl', async () => {
    const config = await configOf('app-config.yaml');

    const app = new URL(config.getString('app.baseUrl'));
    const backend = new URL(config.getString('backend.baseUrl'));

    // Both names resolve to the loopback address the backend binds.
    expect([app.hostname, backend.hostname]).toEqual([
      'localhost',
      'localhost',
    ]);
    expect(backend.port).toBe('7007');
    expect(config.getString('backend.cors.origin')).toBe(app.origin);
  });

  it('listens on every interface in production, where a container needs it', async () => {
    const config = await configOf(
      'app-config.yaml',
      'app-config.production.yaml',
    );

    const { listen } = readHttpServerOptions(config.getConfig('backend'));

    expect(listen).toEqual({ host: '', port: 7007 });
  });
});
