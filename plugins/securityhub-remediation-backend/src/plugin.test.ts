import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import { securityHubRemediationPlugin } from './plugin';

jest.setTimeout(60_000);

describe('securityHubRemediationPlugin', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shr-plugin-'));
    const findings = Array.from({ length: 30 }, (_, i) =>
      asffFindingFixture({
        suffix: String(i),
        accountId: i < 10 ? '210987654321' : '345678901234',
        severity: i % 2 ? 'HIGH' : 'LOW',
      }),
    );
    await fs.writeFile(
      path.join(dir, 'export.json'),
      JSON.stringify({ Findings: findings }),
    );
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('syncs configured ASFF files on the scheduler and serves them', async () => {
    const { server } = await startTestBackend({
      features: [
        securityHubRemediationPlugin,
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        // Requests without a token are anonymous, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            securityHubRemediation: {
              findings: {
                sync: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 5 },
                  initialDelay: { seconds: 1 },
                },
                sources: [{ id: 'exports', type: 'asff-files', path: dir }],
              },
            },
          },
        }),
      ],
    });
    const auth = { Authorization: mockCredentials.user.header() };

    // The first run starts on its own; wait for it to finish.
    let status: any;
    for (let i = 0; i < 100; i++) {
      status = (
        await request(server)
          .get('/api/securityhub-remediation/v1/sync/status')
          .set(auth)
      ).body;
      if (status.sources?.[0]?.state === 'succeeded') break;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(status.sources[0]).toMatchObject({
      sourceId: 'exports',
      kind: 'asff-files',
      state: 'succeeded',
      lastImported: 30,
      lastBatches: 1,
    });

    const summary = await request(server)
      .get(
        '/api/securityhub-remediation/v1/findings/summary?accountId=210987654321',
      )
      .set(auth);
    expect(summary.status).toBe(200);
    expect(summary.body.total).toBe(10);

    const list = await request(server)
      .get('/api/securityhub-remediation/v1/findings?severity=HIGH&limit=5')
      .set(auth);
    expect(list.body.totalCount).toBe(15);
    expect(list.body.items).toHaveLength(5);

    const anonymous = await request(server).get(
      '/api/securityhub-remediation/v1/findings',
    );
    expect(anonymous.status).toBe(401);
  });
});
