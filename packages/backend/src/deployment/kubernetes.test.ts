import fs from 'fs';
import os from 'os';
import path from 'path';
import { ServiceFactoryTester } from '@backstage/backend-test-utils';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { readHttpServerOptions } from '@backstage/backend-defaults/rootHttpRouter';
import {
  HEALTH,
  MANIFESTS,
  bytes,
  configFiles,
  container,
  deployment,
  docs,
  imageSource,
  kustomization,
  mountedConfig,
  only,
  pod,
  portNumber,
  read,
  secret,
  selects,
  validate,
  variables,
  type Doc,
} from './__testUtils__/deploymentFiles';

describe('Kubernetes manifests', () => {
  it.each(docs.filter(d => d.doc.kind !== 'Kustomization'))(
    '$file ($doc.kind) is valid against its Kubernetes schema',
    ({ doc }) => {
      expect(() => validate(doc)).not.toThrow();
    },
  );

  it('are checked by a validator that rejects a broken manifest', () => {
    const broken = JSON.parse(JSON.stringify(deployment));
    broken.spec.replicas = 'two';
    delete broken.spec.template.spec.containers[0].name;

    expect(() => validate(broken)).toThrow(/replicas must be integer/);
    expect(() => validate(broken)).toThrow(/required property name/);
  });

  it('are all in the kustomization, except the example Secret', () => {
    const files = fs
      .readdirSync(MANIFESTS)
      .filter(f => f.endsWith('.yaml'))
      .filter(f => !['kustomization.yaml', 'secret.example.yaml'].includes(f));

    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(kustomization.images.map((i: Doc) => i.name)).toEqual([
      container.image,
    ]);
    for (const { doc } of docs.filter(d => d.doc.metadata?.namespace)) {
      expect(doc.metadata.namespace).toBe(kustomization.namespace);
    }
    expect(only('Namespace').metadata.name).toBe(kustomization.namespace);
  });

  it('run at least two replicas, spread over nodes, with a disruption budget', () => {
    const pdb = only('PodDisruptionBudget');
    const hostSpread = pod.topologySpreadConstraints?.find(
      c => c.topologyKey === 'kubernetes.io/hostname',
    );

    expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec!.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    expect(selects(deployment.spec!.selector.matchLabels)).toBe(true);
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec!.replicas!);
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
    expect(hostSpread?.whenUnsatisfiable).toBe('DoNotSchedule');
    expect(selects(hostSpread?.labelSelector?.matchLabels)).toBe(true);
  });

  it('probe the Backstage health endpoints on the container port', () => {
    const probe = (p: typeof container.readinessProbe) => [
      p?.httpGet?.path,
      portNumber(p?.httpGet?.port),
    ];

    expect(probe(container.readinessProbe)).toEqual([
      `${HEALTH}/readiness`,
      7007,
    ]);
    expect(probe(container.livenessProbe)).toEqual([
      `${HEALTH}/liveness`,
      7007,
    ]);
    expect(probe(container.startupProbe)[0]).toMatch(`${HEALTH}/`);
    expect(probe(container.startupProbe)[1]).toBe(7007);
  });

  it('serve the container port through a ClusterIP Service on port 80', () => {
    const service = only('Service');

    expect(service.spec.type).toBe('ClusterIP');
    expect(selects(service.spec.selector)).toBe(true);
    expect(service.spec.ports).toHaveLength(1);
    expect(service.spec.ports[0].port).toBe(80);
    expect(portNumber(service.spec.ports[0].targetPort)).toBe(7007);
  });

  it('run as a non-root user without privileges, on a read-only root', () => {
    const sc = container.securityContext!;
    const tmp = container.volumeMounts?.find(m => m.mountPath === '/tmp');

    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBe(1000);
    expect(sc.runAsNonRoot).not.toBe(false);
    expect(sc.runAsUser ?? 1000).toBe(1000);
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.privileged).not.toBe(true);
    expect(sc.capabilities?.drop).toContain('ALL');
    expect(sc.capabilities?.add ?? []).toEqual([]);
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(
      pod.volumes?.find(v => v.name === tmp?.name)?.emptyDir,
    ).toBeDefined();
    expect(only('Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('size memory from measurements and keep the heap under the limit', () => {
    const { requests, limits } = container.resources as Doc;
    const heap = /--max-old-space-size=(\d+)/.exec(
      container.env?.find(e => e.name === 'NODE_OPTIONS')?.value ?? '',
    );

    expect(requests).toMatchObject({ cpu: '500m', memory: '1Gi' });
    expect(limits.memory).toBe('2Gi');
    expect(Number(heap?.[1]) * 2 ** 20).toBeLessThan(bytes(limits.memory));
  });

  it('give the pods the IRSA role of their ServiceAccount', () => {
    const account = only('ServiceAccount');

    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(
      /^arn:aws:iam::\d{12}:role\/\S+$/,
    );
  });

  it('pass config files that are in the image or mounted', () => {
    expect(configFiles.map(c => c.file)).toEqual(
      expect.arrayContaining(['app-config.yaml', 'app-config.production.yaml']),
    );
    expect(configFiles.some(c => mountedConfig(c.file))).toBe(true);
    for (const { file } of configFiles) {
      expect([file, mountedConfig(file) ?? imageSource(file)]).toEqual([
        file,
        expect.any(String),
      ]);
    }
  });

  it('provide every variable the config needs, from keys the Secret has', () => {
    const needed = configFiles.flatMap(c => variables(c.text));
    const env = new Map(container.env?.map(e => [e.name, e]));
    const keys = Object.keys(secret.stringData);

    expect(needed).toEqual(
      expect.arrayContaining([
        'POSTGRES_PASSWORD',
        'SECURITYHUB_AGGREGATOR_ACCOUNT_ID',
      ]),
    );
    for (const name of needed) {
      const ref = env.get(name)?.valueFrom?.secretKeyRef;
      expect([name, ref?.name, keys.includes(ref?.key ?? '')]).toEqual([
        name,
        secret.metadata.name,
        true,
      ]);
    }
    // Nothing in the example Secret is left unused.
    const used = container.env?.map(e => e.valueFrom?.secretKeyRef?.key);
    expect(keys.filter(k => !used?.includes(k))).toEqual([]);
  });

  it('ship an example Secret that is marked as such and cannot run as is', () => {
    expect(read('infra/kubernetes/secret.example.yaml')).toMatch(
      /^# EXAMPLE ONLY/,
    );
    expect(secret.stringData.POSTGRES_PASSWORD).toMatch(/EXAMPLE/);
    // Backstage refuses a static access token containing whitespace.
    expect(secret.stringData.BACKEND_EXTERNAL_ACCESS_TOKEN).toMatch(/\s/);
  });

  describe('give the backend a config it can run with', () => {
    let config: Awaited<ReturnType<typeof loadConfig>>;
    const saved = { ...process.env };

    async function loadConfig() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-config-'));
      const argv = configFiles.flatMap(({ file, text }) => {
        const target = path.join(dir, path.basename(file));
        fs.writeFileSync(target, text);
        return ['--config', target];
      });
      for (const e of container.env ?? []) {
        const key = e.valueFrom?.secretKeyRef?.key;
        process.env[e.name] = key ? secret.stringData[key] : e.value;
      }
      return ServiceFactoryTester.from(
        rootConfigServiceFactory({ argv, watch: false }),
      ).getSubject();
    }

    beforeAll(async () => {
      jest.spyOn(console, 'log').mockImplementation(() => {});
      config = await loadConfig();
    });
    afterAll(() => {
      process.env = saved;
      jest.restoreAllMocks();
    });

    it('listens on every interface, at the container port', () => {
      const { listen } = readHttpServerOptions(config.getConfig('backend'));

      expect(listen).toEqual({
        host: '',
        port: container.ports![0].containerPort,
      });
    });

    it('reads PostgreSQL over verified TLS with values from the Secret', () => {
      const connection = config.getConfig('backend.database.connection');

      expect(config.getString('backend.database.client')).toBe('pg');
      expect(connection.getString('host')).toBe(
        secret.stringData.POSTGRES_HOST,
      );
      expect(connection.getString('password')).toBe(
        secret.stringData.POSTGRES_PASSWORD,
      );
      expect(connection.getBoolean('ssl.rejectUnauthorized')).toBe(true);
      expect(connection.getString('ssl.ca')).toContain('BEGIN CERTIFICATE');
      expect(
        config.getString('securityHubRemediation.delivery.aws.accountId'),
      ).toBe(secret.stringData.REMEDIATION_PIPELINE_ACCOUNT_ID);
    });

    it('serves the frontend from the backend origin', () => {
      const app = new URL(config.getString('app.baseUrl'));

      expect(config.getString('backend.baseUrl')).toBe(app.origin);
      expect(config.getString('backend.cors.origin')).toBe(app.origin);
    });

    it('registers catalog files that the image contains', () => {
      const files = config
        .getConfigArray('catalog.locations')
        .filter(l => l.getString('type') === 'file')
        .map(l => l.getString('target'));

      expect(files.length).toBeGreaterThan(0);
      expect(files.filter(file => !imageSource(file))).toEqual([]);
    });
  });
});
