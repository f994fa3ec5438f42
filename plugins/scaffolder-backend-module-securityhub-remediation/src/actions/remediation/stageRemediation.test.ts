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
} from '../../__testUtils__/remediationsBackend';
import {
  createStageRemediationAction,
  defaultIdempotencyKey,
  STAGE_CHECKPOINT_KEY,
} from './stageRemediation';
import { examples } from './stageRemediation.examples';

const FINDING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const TASK_ID = '5d1c9a0e-2b3f-4c5d-8e9f-0a1b2c3d4e5f';

/** Checkpoints as the scaffolder keeps them across a restart of the task. */
function checkpointStore() {
  const saved = new Map<string, unknown>();
  const keys: string[] = [];
  return {
    saved,
    keys,
    async checkpoint<T>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      keys.push(opts.key);
      if (saved.has(opts.key)) return saved.get(opts.key) as T;
      const value = await opts.fn();
      saved.set(opts.key, value);
      return value;
    },
  };
}

describe('securityhub:remediation:stage', () => {
  const backend = new RemediationsBackend();
  const action = createStageRemediationAction({
    discovery: backend.discovery as any,
    auth: scaffolderAuth(),
  });

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(() => backend.reset());

  function stageContext(
    input: Record<string, string>,
    overrides: Parameters<typeof actionContext>[1] = {},
  ) {
    return actionContext(input, {
      task: { id: TASK_ID },
      step: { id: 'stage', name: 'Stage' },
      ...overrides,
    });
  }

  it('stages the reviewed template as the initiating user, in a checkpoint', async () => {
    const preview = s3Preview(FINDING_ID);
    backend.previews.set(FINDING_ID, preview);
    const store = checkpointStore();
    const ctx = stageContext(
      { findingId: FINDING_ID, templateHash: preview.templateHash! },
      { checkpoint: store.checkpoint },
    );

    await action.handler(ctx);

    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0]).toEqual({
      method: 'POST',
      path: '/api/securityhub-remediation/v1/remediations',
      authorization: expectedAuthorization,
      body: {
        findingId: FINDING_ID,
        templateHash: preview.templateHash,
        idempotencyKey: defaultIdempotencyKey(TASK_ID, 'stage', FINDING_ID),
      },
    });
    expect(store.keys).toEqual([STAGE_CHECKPOINT_KEY]);
    const [remediationId] = [...backend.records.keys()];
    expect(outputsOf(ctx)).toEqual({
      remediationId,
      commitId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      files: [
        'deploy/SecurityHub-S3-5-payments-invoices.yaml',
        'deploy/parameters/SecurityHub-S3-5-payments-invoices-params.json',
      ],
      repository: 'securityhub-remediations',
      branch: 'main',
      status: 'staged',
      remediationUrl: `/securityhub/remediations/${remediationId}`,
    });
  });

  it('does not stage again when the task restarts with the checkpoint saved', async () => {
    const preview = s3Preview(FINDING_ID);
    backend.previews.set(FINDING_ID, preview);
    const store = checkpointStore();
    const input = {
      findingId: FINDING_ID,
      templateHash: preview.templateHash!,
    };
    const first = stageContext(input, { checkpoint: store.checkpoint });
    await action.handler(first);
    backend.requests.length = 0;

    const restarted = stageContext(input, { checkpoint: store.checkpoint });
    await action.handler(restarted);

    expect(backend.posts()).toEqual([]);
    expect(outputsOf(restarted)).toEqual(outputsOf(first));
  });

  it('answers the same remediation when the task runs the step again without a checkpoint', async () => {
    const preview = s3Preview(FINDING_ID);
    backend.previews.set(FINDING_ID, preview);
    const input = {
      findingId: FINDING_ID,
      templateHash: preview.templateHash!,
    };
    const first = stageContext(input);
    const again = stageContext(input);

    await action.handler(first);
    await action.handler(again);

    expect(backend.records.size).toBe(1);
    expect(outputsOf(again).remediationId).toBe(outputsOf(first).remediationId);
  });

  it('derives a valid idempotency key per task, step and finding', () => {
    const key = defaultIdempotencyKey(TASK_ID, 'stage each/1', FINDING_ID);
    expect(key).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(key).toBe(
      defaultIdempotencyKey(TASK_ID, 'stage each/1', FINDING_ID),
    );
    expect(key).not.toBe(
      defaultIdempotencyKey(TASK_ID, 'stage each/1', 'other'),
    );
    expect(key).not.toBe(
      defaultIdempotencyKey('other-task', 'stage each/1', FINDING_ID),
    );
    expect(
      defaultIdempotencyKey('t'.repeat(300), 's'.repeat(300), FINDING_ID)
        .length,
    ).toBeLessThanOrEqual(128);
  });

  it('sends the idempotency key it is given', async () => {
    const preview = s3Preview(FINDING_ID);
    backend.previews.set(FINDING_ID, preview);

    await action.handler(
      stageContext({
        findingId: FINDING_ID,
        templateHash: preview.templateHash!.toUpperCase(),
        idempotencyKey: 'change-4711.s3-5',
      }),
    );

    expect(backend.requests[0].body).toEqual({
      findingId: FINDING_ID,
      templateHash: preview.templateHash,
      idempotencyKey: 'change-4711.s3-5',
    });
  });

  it("passes the backend's 409 message through (template changed since review)", async () => {
    backend.previews.set(FINDING_ID, s3Preview(FINDING_ID));
    const ctx = stageContext({
      findingId: FINDING_ID,
      templateHash: 'f'.repeat(64),
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      `Could not stage the remediation of finding ${FINDING_ID}: The remediation of S3.5 renders differently now`,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it("passes the backend's 409 message through (an open remediation)", async () => {
    const preview = s3Preview(FINDING_ID);
    backend.previews.set(FINDING_ID, preview);
    backend.createAnswer = {
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message:
            'Finding already has remediation 0f6b1e2c-3d4a-4b5c-8d6e-7f8091a2b3c4 (awaiting_approval)',
        },
      },
    };

    await expect(
      action.handler(
        stageContext({
          findingId: FINDING_ID,
          templateHash: preview.templateHash!,
        }),
      ),
    ).rejects.toThrow(
      'Could not stage the remediation of finding arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b: Finding already has remediation 0f6b1e2c-3d4a-4b5c-8d6e-7f8091a2b3c4 (awaiting_approval)',
    );
  });

  it('explains a 403 (no securityhub.remediation.create)', async () => {
    backend.createAnswer = {
      status: 403,
      body: { error: { name: 'NotAllowedError', message: 'Unauthorized' } },
    };

    await expect(
      action.handler(
        stageContext({ findingId: FINDING_ID, templateHash: 'a'.repeat(64) }),
      ),
    ).rejects.toThrow(
      'You are not allowed to stage Security Hub remediations: Unauthorized',
    );
  });

  it('explains a 404', async () => {
    await expect(
      action.handler(
        stageContext({ findingId: FINDING_ID, templateHash: 'a'.repeat(64) }),
      ),
    ).rejects.toThrow(
      `Finding ${FINDING_ID} was not found, or it is not in your scope`,
    );
  });

  describe('dry run', () => {
    it('stages nothing and outputs the files it would stage', async () => {
      const preview = s3Preview(FINDING_ID);
      backend.previews.set(FINDING_ID, preview);
      const ctx = stageContext(
        { findingId: FINDING_ID, templateHash: preview.templateHash! },
        { isDryRun: true },
      );

      await action.handler(ctx);

      expect(backend.requests.map(r => r.path)).toEqual([
        '/api/securityhub-remediation/v1/remediations/preview',
      ]);
      expect(backend.records.size).toBe(0);
      expect(outputsOf(ctx)).toEqual({
        remediationId: '',
        commitId: '',
        files: [
          'deploy/SecurityHub-S3-5-payments-invoices.yaml',
          'deploy/parameters/SecurityHub-S3-5-payments-invoices-params.json',
        ],
        repository: '',
        branch: '',
        status: 'generated',
        remediationUrl: '',
      });
    });

    it('reports a template that renders differently from the reviewed hash', async () => {
      backend.previews.set(FINDING_ID, s3Preview(FINDING_ID));

      await expect(
        action.handler(
          stageContext(
            { findingId: FINDING_ID, templateHash: 'b'.repeat(64) },
            { isDryRun: true },
          ),
        ),
      ).rejects.toThrow(/renders differently now .* review it again/);
      expect(backend.posts().map(r => r.path)).toEqual([
        '/api/securityhub-remediation/v1/remediations/preview',
      ]);
    });

    it('reports a blocked finding', async () => {
      backend.previews.set(
        FINDING_ID,
        s3Preview(FINDING_ID, { blockedReason: 'The finding is archived' }),
      );

      await expect(
        action.handler(
          stageContext(
            { findingId: FINDING_ID, templateHash: 'b'.repeat(64) },
            { isDryRun: true },
          ),
        ),
      ).rejects.toThrow(': The finding is archived');
    });
  });

  it.each([
    ['not hex', { templateHash: 'z'.repeat(64) }, /^Invalid templateHash/],
    ['too short', { templateHash: 'a'.repeat(63) }, /^Invalid templateHash/],
    ['a blank finding id', { findingId: ' ' }, /^Invalid findingId/],
    ['a bad key', { idempotencyKey: 'a b' }, /^Invalid idempotencyKey/],
  ])('rejects %s without calling the backend', async (_, bad, message) => {
    await expect(
      action.handler(
        stageContext({
          findingId: FINDING_ID,
          templateHash: 'a'.repeat(64),
          ...bad,
        }),
      ),
    ).rejects.toThrow(message);
    expect(backend.requests).toEqual([]);
  });

  it.each(examples.map((example, index) => [index, example] as const))(
    'runs example %i through the handler',
    async (_index, example) => {
      const id = 'securityhub:remediation:stage';
      const findingIds = exampleInputs(example.example, id, 'findingId');
      const hashes = exampleInputs(example.example, id, 'templateHash');
      expect(findingIds.length).toBeGreaterThan(0);
      for (const [i, findingId] of findingIds.entries()) {
        backend.previews.set(
          findingId,
          s3Preview(findingId, { templateHash: hashes[i] }),
        );
        const ctx = stageContext({ findingId, templateHash: hashes[i] });

        await action.handler(ctx);

        expect(backend.requests.at(-1)?.authorization).toBe(
          expectedAuthorization,
        );
        expect(outputsOf(ctx).status).toBe('staged');
      }
    },
  );
});
