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
import { chatThroughBackend } from './__testUtils__/chatThroughBackend';

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

  it('serves the chat with the default config', async () => {
    const { events } = await chatThroughBackend(
      {},
      'What remediates control S3.5?',
    );
    const types = events.map(e => e.type);
    expect(types[0]).toBe('start');
    expect(types[types.length - 1]).toBe('done');
    expect(events.find(e => e.type === 'proposal')).toMatchObject({
      controlId: 'S3.5',
    });
  });

  it('proposes an ASR runbook only with remediation.asrDeployed', async () => {
    const question = 'How do I remediate control APIGateway.1?';
    const deployed = await chatThroughBackend(
      { remediation: { asrDeployed: true } },
      question,
    );
    expect(deployed.text).toContain('ASR-EnableAPIGatewayExecutionLogs');
    const absent = await chatThroughBackend({}, question);
    expect(absent.events[absent.events.length - 1].type).toBe('done');
    expect(absent.text).not.toContain('ASR-EnableAPIGatewayExecutionLogs');
  });

  it('retrieves from retrieval.catalogFile', async () => {
    const catalogFile = path.join(dir, 'catalog.json');
    await fs.writeFile(
      catalogFile,
      JSON.stringify([
        {
          id: 'S3.5',
          service: 'S3',
          title:
            'S3 general purpose buckets should require requests to use SSL',
          titleVariants: ['Quokka vault gateways must speak plaintext never'],
          severity: 'MEDIUM',
          configRule: 's3-bucket-ssl-requests-only',
          runbook: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
          inFsbp: true,
          status: 'active',
          resourceType: 'AWS::S3::Bucket',
        },
      ]),
    );
    const question = 'quokka vault gateways speak plaintext';
    const refreshed = await chatThroughBackend(
      { retrieval: { type: 'local', catalogFile } },
      question,
    );
    expect(JSON.stringify(refreshed.events)).toMatch(/S3\.5/);
    const bundled = await chatThroughBackend({}, question);
    expect(JSON.stringify(bundled.events)).not.toMatch(/S3\.5/);
  });

  it('refuses to start with an invalid retrieval config, naming the key', async () => {
    await expect(
      chatThroughBackend(
        {
          retrieval: {
            type: 'bedrock-knowledge-base',
            knowledgeBaseId: 'not-an-id',
            region: 'us-east-1',
          },
        },
        'hello',
      ),
    ).rejects.toThrow(
      /securityHubRemediation\.retrieval: knowledgeBaseId: must be a Bedrock knowledge base id/,
    );
  });
});
