import type { RemediationDetail } from '@internal/plugin-securityhub-remediation-common';
import {
  actionContext,
  exampleInputs,
  expectedAuthorization,
  outputsOf,
  scaffolderAuth,
} from '../../__testUtils__/actionContext';
import {
  RemediationsBackend,
  s3Preview,
  stagedDetail,
  stagesAt,
} from '../../__testUtils__/remediationsBackend';
import {
  createTrackRemediationAction,
  systemClock,
  type TrackClock,
} from './trackRemediation';
import { examples } from './trackRemediation.examples';

const FINDING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const ID = '0f6b1e2c-3d4a-4b5c-8d6e-7f8091a2b3c4';

/** A clock whose sleep returns at once and moves time on by what it slept. */
function instantClock() {
  let now = Date.parse('2026-12-02T10:00:00Z');
  const slept: number[] = [];
  const clock: TrackClock = {
    now: () => now,
    sleep: async ms => {
      slept.push(ms);
      now += ms;
    },
  };
  return { clock, slept };
}

function detailAt(
  status: RemediationDetail['status'],
  overrides: Partial<RemediationDetail> = {},
): RemediationDetail {
  const stageOf: Record<string, Parameters<typeof stagesAt>> = {
    staged: ['validate', 'pending'],
    validating: ['validate'],
    awaiting_approval: ['approval'],
    deploying: ['deploy'],
    running: ['run'],
    verifying: ['verify'],
    verified: ['done'],
  };
  return stagedDetail(s3Preview(FINDING_ID), {
    id: ID,
    status,
    stages: stagesAt(...(stageOf[status] ?? ['validate', 'failed'])),
    ...overrides,
  });
}

describe('securityhub:remediation:track', () => {
  const backend = new RemediationsBackend();

  function trackAction(clock: TrackClock = instantClock().clock) {
    return createTrackRemediationAction({
      discovery: backend.discovery as any,
      auth: scaffolderAuth(),
      clock,
    });
  }

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(() => backend.reset());

  it('follows the remediation to verified, as the initiating user, logging each change once', async () => {
    const verified = detailAt('verified', {
      approval: {
        decision: 'approved',
        by: 'user:default/bob',
        at: '2026-12-02T10:05:00.000Z',
        comment: 'Looks right',
      },
      deploy: {
        mode: 'local',
        applied: false,
        deployment: 'stack',
        stackName: 'SecurityHub-S3-5-payments-invoices',
        accounts: ['111122223333'],
        regions: ['us-east-1'],
        parameters: { BucketName: 'payments-invoices' },
        note: 'Local plan: nothing applied',
      },
      verification: {
        complianceStatus: 'PASSED',
        at: '2026-12-02T10:09:00.000Z',
        mode: 'local',
        note: 'Marked PASSED by a local run',
      },
    });
    backend.records.set(ID, [
      detailAt('staged'),
      detailAt('validating'),
      detailAt('validating'),
      detailAt('awaiting_approval'),
      detailAt('deploying'),
      verified,
    ]);
    const { clock, slept } = instantClock();
    const ctx = actionContext({ remediationId: ID, pollSeconds: 7 });

    await trackAction(clock).handler(ctx);

    const gets = backend.requests.filter(r => r.method === 'GET');
    expect(gets).toHaveLength(6);
    expect(
      gets.every(
        r =>
          r.authorization === expectedAuthorization &&
          r.path === `/api/securityhub-remediation/v1/remediations/${ID}`,
      ),
    ).toBe(true);
    expect(slept).toEqual([7000, 7000, 7000, 7000, 7000]);
    const logged = ctx.logger.info.mock.calls.map(([m]) => m);
    expect(
      logged.filter(m => m === `Remediation ${ID} is validating`),
    ).toHaveLength(1);
    expect(logged).toContain(
      `Remediation ${ID} is awaiting approval: an approver decides at /securityhub/remediations/${ID}`,
    );
    expect(
      logged.filter(m => m === 'Stage validate: in_progress (local)'),
    ).toHaveLength(1);
    expect(logged).toContain('Stage deploy: succeeded (local) — deploy done');
    expect(logged.at(-1)).toBe(
      `Remediation ${ID} is verified: Marked PASSED by a local run`,
    );
    const outputs = outputsOf(ctx);
    expect(outputs).toMatchObject({
      status: 'verified',
      approval: verified.approval,
      deploy: verified.deploy,
      verification: verified.verification,
      remediationUrl: `/securityhub/remediations/${ID}`,
    });
    expect(outputs.stages).toHaveLength(7);
    expect(outputs.summary).toContain('| Status | **verified** |');
    expect(outputs.summary).toContain(
      '| Decision | approved by user:default/bob | Looks right |',
    );
  });

  it('fails with the stage error when the remediation failed, after outputting it', async () => {
    backend.records.set(ID, [
      detailAt('failed', {
        error: {
          stage: 'deploy',
          message: 'Stack SecurityHub-S3-5 rolled back: AccessDenied',
          attempts: 3,
        },
      }),
    ]);
    const ctx = actionContext({ remediationId: ID });

    await expect(trackAction().handler(ctx)).rejects.toThrow(
      `Remediation ${ID} failed in stage deploy after 3 attempt(s): Stack SecurityHub-S3-5 rolled back: AccessDenied. It can be retried from /securityhub/remediations/${ID}`,
    );
    expect(outputsOf(ctx).status).toBe('failed');
  });

  it("fails with the approver's comment when it was rejected", async () => {
    backend.records.set(ID, [
      detailAt('rejected', {
        approval: {
          decision: 'rejected',
          by: 'user:default/bob',
          at: '2026-12-02T10:05:00.000Z',
          comment: 'The bucket serves a legacy HTTP client until Friday',
        },
      }),
    ]);

    await expect(
      trackAction().handler(actionContext({ remediationId: ID })),
    ).rejects.toThrow(
      `Remediation ${ID} was rejected by user:default/bob: The bucket serves a legacy HTTP client until Friday`,
    );
  });

  it('gives up at the timeout, saying it still runs and where to follow it', async () => {
    backend.records.set(ID, [detailAt('awaiting_approval')]);
    const { clock, slept } = instantClock();

    await expect(
      trackAction(clock).handler(
        actionContext({ remediationId: ID, timeoutMinutes: 1, pollSeconds: 5 }),
      ),
    ).rejects.toThrow(
      `Remediation ${ID} is still awaiting_approval after 1 minute(s). It goes on without this task: follow it at /securityhub/remediations/${ID}`,
    );
    expect(slept.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(backend.requests).toHaveLength(13);
  });

  it('stops waiting promptly when the task is cancelled', async () => {
    backend.records.set(ID, [detailAt('awaiting_approval')]);
    const controller = new AbortController();
    const ctx = actionContext(
      { remediationId: ID, pollSeconds: 60 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();

    await expect(trackAction(systemClock).handler(ctx)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(backend.requests).toHaveLength(1);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('keeps waiting through a backend restart (503)', async () => {
    backend.records.set(ID, [
      {
        status: 503,
        body: {
          error: { name: 'ServiceUnavailableError', message: 'starting' },
        },
      } as any,
      detailAt('verified'),
    ]);
    const ctx = actionContext({ remediationId: ID });

    await trackAction().handler(ctx);

    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`Could not read remediation ${ID} (starting)`),
    );
    expect(outputsOf(ctx).status).toBe('verified');
  });

  it('explains a 404 at once: missing or not in scope', async () => {
    await expect(
      trackAction().handler(actionContext({ remediationId: ID })),
    ).rejects.toThrow(
      `Remediation ${ID} was not found, or it is not in your scope`,
    );
    expect(backend.requests).toHaveLength(1);
  });

  it('does not run in a dry run', () => {
    expect(trackAction().supportsDryRun).toBe(false);
  });

  it.each([
    [{ remediationId: 'not-a-uuid' }, /^Invalid remediationId/],
    [{ remediationId: ID, pollSeconds: 0.5 }, /^Invalid pollSeconds/],
    [
      { remediationId: ID, timeoutMinutes: 24 * 60 + 1 },
      /^Invalid timeoutMinutes/,
    ],
  ])('rejects %j without calling the backend', async (input, message) => {
    await expect(trackAction().handler(actionContext(input))).rejects.toThrow(
      message,
    );
    expect(backend.requests).toEqual([]);
  });

  it.each(examples.map((example, index) => [index, example] as const))(
    'runs example %i through the handler',
    async (_index, example) => {
      const ids = exampleInputs(
        example.example,
        'securityhub:remediation:track',
        'remediationId',
      );
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        backend.records.set(id, [
          detailAt('running', { id }),
          detailAt('verified', { id }),
        ]);
        const ctx = actionContext({ remediationId: id });

        await trackAction().handler(ctx);

        expect(backend.requests.at(-1)?.authorization).toBe(
          expectedAuthorization,
        );
        expect(outputsOf(ctx).status).toBe('verified');
      }
    },
  );
});
