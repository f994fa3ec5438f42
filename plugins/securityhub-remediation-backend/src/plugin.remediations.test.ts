import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import type { JsonObject } from '@backstage/types';
import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import { securityHubRemediationPlugin } from './plugin';

jest.setTimeout(90_000);

const API = '/api/securityhub-remediation/v1';
const auth = { Authorization: mockCredentials.user.header() };

const finding = asffFindingFixture({
  accountId: '210987654321',
  controlId: 'S3.5',
  complianceStatus: 'FAILED',
  resourceType: 'AwsS3Bucket',
  resourceId: 'arn:aws:s3:::payments-prod-logs',
  suffix: 'plugin',
});

/** The plugin as the backend runs it: config, scheduler, database, delivery. */
async function startPlugin(dir: string, remediation: JsonObject) {
  const { server } = await startTestBackend({
    features: [
      securityHubRemediationPlugin,
      // The real scheduler: the follow-up must recur on its own schedule.
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          securityHubRemediation: {
            findings: {
              sync: {
                frequency: { minutes: 30 },
                timeout: { minutes: 5 },
                initialDelay: { seconds: 1 },
              },
              sources: [
                { id: 'exports', type: 'asff-files', path: `${dir}/findings` },
              ],
            },
            remediation,
            delivery: {
              type: 'local',
              local: { directory: `${dir}/delivery`, cfnLint: 'off' },
            },
          },
        },
      }),
    ],
  });
  return server;
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  seconds = 30,
) {
  for (let i = 0; i < seconds * 5; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

async function submitAndWaitForApproval(server: any) {
  await until(
    async () =>
      (
        await request(server).get(`${API}/findings`).set(auth)
      ).body.totalCount,
    count => count === 1,
  );
  const preview = await request(server)
    .post(`${API}/remediations/preview`)
    .set(auth)
    .send({ findingId: finding.Id });
  const created = await request(server)
    .post(`${API}/remediations`)
    .set(auth)
    .send({ findingId: finding.Id, templateHash: preview.body.templateHash });
  expect(created.status).toBe(201);
  // Only the scheduled follow-up moves it on: every second as configured
  // (the default, 15 s, would miss this 10 s window).
  return until(
    async () =>
      (
        await request(server)
          .get(`${API}/remediations/${created.body.id}`)
          .set(auth)
      ).body,
    body => body.status === 'awaiting_approval',
    10,
  );
}

describe('securityHubRemediationPlugin remediations', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shr-plugin-rem-'));
    await fs.mkdir(`${dir}/findings`);
    await fs.writeFile(
      `${dir}/findings/export.json`,
      JSON.stringify({ Findings: [finding] }),
    );
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('follows remediations up on remediation.followUp, in delivery.local.directory, and refuses self-approval by default', async () => {
    const server = await startPlugin(dir, {
      followUp: { frequency: { seconds: 1 }, timeout: { minutes: 1 } },
    });
    const waiting = await submitAndWaitForApproval(server);
    // The commit landed in the configured directory.
    await expect(
      fs.stat(path.join(dir, 'delivery', 'repository')),
    ).resolves.toBeDefined();

    const self = await request(server)
      .post(`${API}/remediations/${waiting.id}/decision`)
      .set(auth)
      .send({ decision: 'approve', approvalToken: waiting.approvalToken });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/another approver/);
  });

  it('lets the submitter approve with remediation.allowSelfApproval', async () => {
    const server = await startPlugin(dir, {
      allowSelfApproval: true,
      followUp: { frequency: { seconds: 1 }, timeout: { minutes: 1 } },
    });
    const waiting = await submitAndWaitForApproval(server);
    const approved = await request(server)
      .post(`${API}/remediations/${waiting.id}/decision`)
      .set(auth)
      .send({ decision: 'approve', approvalToken: waiting.approvalToken });
    expect(approved.status).toBe(200);
    const verified = await until(
      async () =>
        (
          await request(server)
            .get(`${API}/remediations/${waiting.id}`)
            .set(auth)
        ).body,
      body => ['verified', 'failed'].includes(body.status),
    );
    expect(verified.status).toBe('verified');
  });
});
