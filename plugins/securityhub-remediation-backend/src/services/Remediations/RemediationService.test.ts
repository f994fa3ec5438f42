import type { Knex } from 'knex';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import type { KnexFindingsStore } from '../FindingsStore';
import { KnexRemediationStore } from './KnexRemediationStore';
import type { RemediationService } from './RemediationService';
import { clearRemediations } from './__testUtils__/records';
import {
  ACCOUNT,
  engine,
  FINDINGS,
  followUntilIdle,
  loadFindings,
  newDelivery,
  newService,
  TestClock,
  type Delivery,
} from './__testUtils__/serviceHarness';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();
const alice = { scope: undefined, actor: 'user:default/alice' };
const bob = { scope: undefined, actor: 'user:default/bob' };

describe.each(ids)('RemediationService on %s', databaseId => {
  let knex: Knex;
  let findings: KnexFindingsStore;
  let delivery: Delivery;
  let clock: TestClock;
  let service: RemediationService;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
  });

  beforeEach(async () => {
    await clearRemediations(knex);
    await knex('securityhub_finding_details').delete();
    await knex('securityhub_findings').delete();
    findings = await loadFindings(knex);
    delivery = newDelivery(findings);
    clock = new TestClock();
    service = newService({ knex, findings, delivery, clock });
  });

  const records = () => knex('remediations');

  async function submit(findingId = FINDINGS.failing.Id, caller = alice) {
    const preview = await service.preview(findingId, caller.scope);
    return service.create(
      { findingId, templateHash: preview.templateHash! },
      caller,
    );
  }

  async function toApproval(caller = alice) {
    const created = await submit(FINDINGS.failing.Id, caller);
    await followUntilIdle(service, clock, 2);
    return (await service.get(created.id, undefined))!;
  }

  it('previews a failing finding: named template with its manifest, validation, change preview and hash', async () => {
    const preview = await service.preview(FINDINGS.failing.Id, undefined);
    expect(preview).toMatchObject({
      findingId: FINDINGS.failing.Id,
      controlId: 'S3.5',
      awsAccountId: ACCOUNT,
      validation: { valid: true },
      changePreview: {
        accounts: [ACCOUNT],
        regions: ['us-east-1'],
        deployment: 'stack',
      },
    });
    expect(preview.blockedReason).toBeUndefined();
    expect(preview.name).toMatch(/^SecHubRemediation-S3-5-[0-9a-f]{8}$/);
    expect(preview.templateYaml).toContain(FINDINGS.failing.Id);
    expect(preview.templateHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      service.preview(FINDINGS.otherAccount.Id, { awsAccountIds: [ACCOUNT] }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('takes a finding from submit to verified through the follow-up, each effect once', async () => {
    const created = await submit();
    expect(created).toMatchObject({
      status: 'staged',
      submittedBy: alice.actor,
      repository: { branch: 'main' },
    });
    expect(delivery.repository.commits).toHaveLength(1);
    expect(delivery.repository.commits[0].files.map(f => f.path)).toEqual([
      `deploy/${created.templateName}.yaml`,
      `deploy/parameters/${created.templateName}-params.json`,
    ]);

    await followUntilIdle(service, clock, 2);
    const waiting = (await service.get(created.id, undefined))!;
    expect(waiting).toMatchObject({
      status: 'awaiting_approval',
      approvalToken: 'token-1',
      pipeline: { executionId: 'exec-1' },
    });

    const approved = await service.decide(
      created.id,
      { decision: 'approve', comment: 'ok', approvalToken: 'token-1' },
      bob,
    );
    expect(approved).toMatchObject({
      status: 'deploying',
      approval: { decision: 'approved', by: bob.actor, comment: 'ok' },
    });
    expect(approved.approvalToken).toBeUndefined();

    await followUntilIdle(service, clock, 3);
    const done = (await service.get(created.id, undefined))!;
    expect(done).toMatchObject({
      status: 'verified',
      deploy: { applied: false, mode: 'local' },
      automation: { executionId: 'auto-1', status: 'Success' },
      verification: { complianceStatus: 'PASSED' },
    });
    expect(done.stages.map(s => s.status)).toEqual(Array(7).fill('succeeded'));
    expect(done.events.map(e => `${e.stage}:${e.status}`)).toEqual([
      'generate:succeeded',
      'stage:succeeded',
      'validate:in_progress',
      'validate:succeeded',
      'approval:in_progress',
      'approval:succeeded',
      'deploy:succeeded',
      'run:in_progress',
      'run:succeeded',
      'verify:in_progress',
      'verify:succeeded',
    ]);
    expect(
      (await findings.get(FINDINGS.failing.Id, undefined))?.complianceStatus,
    ).toBe('PASSED');
    expect(await records().whereNotNull('open_finding_id')).toEqual([]);
    expect(await records().whereNotNull('next_check_at')).toEqual([]);
    expect(delivery.runner.startCalls).toHaveLength(1);
    expect(delivery.runner.startCalls[0]).toMatchObject({
      clientToken: created.id,
      accountId: ACCOUNT,
      region: 'us-east-1',
    });
    expect(delivery.verifier.calls).toHaveLength(1);
    expect(delivery.pipeline.decisions).toHaveLength(1);
    expect(
      (await service.list({ open: 'false' }, undefined)).items.map(r => r.id),
    ).toEqual([created.id]);
  });

  it.each([
    ['a PASSED finding', FINDINGS.passed.Id, /is PASSED/],
    ['an archived finding', FINDINGS.archived.Id, /archived/],
    [
      'a control that cannot be automated',
      FINDINGS.cannotAutomate.Id,
      /cannot be fixed by automation/,
    ],
  ])(
    'refuses %s, leaving no record and staging nothing',
    async (_, findingId, reason) => {
      const preview = await service.preview(findingId, undefined);
      expect(preview.blockedReason).toMatch(reason);
      expect(preview.templateHash).toBeUndefined();
      await expect(
        service.create({ findingId, templateHash: 'f'.repeat(64) }, alice),
      ).rejects.toThrow(ConflictError);
      expect(await records()).toEqual([]);
      expect(delivery.repository.commits).toEqual([]);
    },
  );

  it('gives the manual steps of a control that cannot be automated', async () => {
    const preview = await service.preview(
      FINDINGS.cannotAutomate.Id,
      undefined,
    );
    expect(preview).toMatchObject({ automationKind: 'cannot-automate' });
    expect(preview.manualSteps!.length).toBeGreaterThan(0);
  });

  it('refuses a template that changed since it was reviewed', async () => {
    await expect(
      service.create(
        { findingId: FINDINGS.failing.Id, templateHash: '0'.repeat(64) },
        alice,
      ),
    ).rejects.toThrow(/changed since it was reviewed/);
    expect(await records()).toEqual([]);
  });

  it('refuses an invalid template with its problems', async () => {
    service = newService({
      knex,
      findings,
      delivery,
      clock,
      engine: {
        ...engine,
        validate: () => ({
          kind: 'template',
          valid: false,
          problems: [
            {
              rule: 'cfn-lint:E3002',
              path: 'Resources.Role',
              severity: 'error',
              message: 'Invalid property Foo',
            },
          ],
        }),
      },
    });
    const preview = await service.preview(FINDINGS.failing.Id, undefined);
    expect(preview.validation?.valid).toBe(false);
    const attempt = service.create(
      { findingId: FINDINGS.failing.Id, templateHash: preview.templateHash! },
      alice,
    );
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /Resources.Role: Invalid property Foo/,
    );
    expect(await records()).toEqual([]);
    expect(delivery.repository.commits).toEqual([]);
  });

  it('answers a double submit with one remediation: 409 naming it, or the same record for one idempotency key', async () => {
    const preview = await service.preview(FINDINGS.failing.Id, undefined);
    const request = {
      findingId: FINDINGS.failing.Id,
      templateHash: preview.templateHash!,
    };
    const results = await Promise.allSettled([
      service.create(request, alice),
      service.create(request, alice),
    ]);
    const created = results.find(
      r => r.status === 'fulfilled',
    ) as PromiseFulfilledResult<{ id: string }>;
    const refused = results.find(
      r => r.status === 'rejected',
    ) as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect(refused.reason.message).toContain(created.value.id);
    expect(await records()).toHaveLength(1);
    expect(delivery.repository.commits).toHaveLength(1);

    const again = await service.preview(FINDINGS.failing.Id, undefined);
    expect(again).toMatchObject({
      openRemediationId: created.value.id,
      blockedReason: expect.stringContaining(created.value.id),
    });

    await clearRemediations(knex);
    const keyed = { ...request, idempotencyKey: 'wizard-submit-0001' };
    const [first, second] = await Promise.all([
      service.create(keyed, alice),
      service.create(keyed, alice),
    ]);
    expect(second.id).toBe(first.id);
    expect((await service.create(keyed, alice)).id).toBe(first.id);
    await expect(service.create(keyed, bob)).rejects.toThrow(
      /another submitter/,
    );
    expect(await records()).toHaveLength(1);
  });

  it('refuses self-approval unless allowed', async () => {
    const waiting = await toApproval(alice);
    await expect(
      service.decide(
        waiting.id,
        { decision: 'approve', approvalToken: waiting.approvalToken! },
        alice,
      ),
    ).rejects.toThrow(
      new NotAllowedError(
        'You submitted this remediation; another approver must decide it',
      ),
    );
    expect(delivery.pipeline.decisions).toEqual([]);

    const lenient = newService({
      knex,
      findings,
      delivery,
      clock,
      allowSelfApproval: true,
    });
    const approved = await lenient.decide(
      waiting.id,
      { decision: 'approve', approvalToken: waiting.approvalToken! },
      alice,
    );
    expect(approved.status).toBe('deploying');
  });

  it('refuses a stale approval token and takes the current one', async () => {
    const waiting = await toApproval();
    const fresh = delivery.pipeline.reissueToken(waiting.pipeline!.executionId);
    // The record still holds the old token: the pipeline refuses it.
    await expect(
      service.decide(
        waiting.id,
        { decision: 'approve', approvalToken: waiting.approvalToken! },
        bob,
      ),
    ).rejects.toThrow(ConflictError);
    await followUntilIdle(service, clock, 1);
    const reloaded = (await service.get(waiting.id, undefined))!;
    expect(reloaded.approvalToken).toBe(fresh);
    await expect(
      service.decide(
        waiting.id,
        { decision: 'approve', approvalToken: waiting.approvalToken! },
        bob,
      ),
    ).rejects.toThrow(/approval changed/);
    await expect(
      service.decide(
        waiting.id,
        { decision: 'approve', approvalToken: fresh },
        bob,
      ),
    ).resolves.toMatchObject({ status: 'deploying' });
    await expect(
      service.decide(
        waiting.id,
        { decision: 'approve', approvalToken: fresh },
        bob,
      ),
    ).rejects.toThrow(/not awaiting approval/);
  });

  it('ends a rejected remediation and lets the finding be remediated again', async () => {
    const waiting = await toApproval();
    const rejected = await service.decide(
      waiting.id,
      {
        decision: 'reject',
        comment: 'wrong bucket',
        approvalToken: waiting.approvalToken!,
      },
      bob,
    );
    expect(rejected).toMatchObject({
      status: 'rejected',
      approval: { decision: 'rejected', comment: 'wrong bucket' },
    });
    await followUntilIdle(service, clock, 2);
    expect((await service.get(waiting.id, undefined))?.status).toBe('rejected');
    expect(delivery.runner.startCalls).toEqual([]);
    expect(
      (await service.preview(FINDINGS.failing.Id, undefined)).blockedReason,
    ).toBeUndefined();
  });

  it('leaves no record when the repository cannot take the commit', async () => {
    delivery.repository.failWith = new Error('connection refused');
    await expect(submit()).rejects.toThrow(ServiceUnavailableError);
    await expect(submit()).rejects.toThrow(
      /connection refused.*Nothing was staged/,
    );
    expect(await records()).toEqual([]);
    expect(await knex('remediation_events')).toEqual([]);
  });

  it('picks up where another instance stopped, repeating no effect', async () => {
    const created = await submit();
    await followUntilIdle(service, clock, 2);
    await service.decide(
      created.id,
      { decision: 'approve', approvalToken: 'token-1' },
      bob,
    );

    // The first instance stops right after the automation started, before it could record it.
    const store = new KnexRemediationStore(knex);
    let crash = true;
    const crashing = Object.assign(Object.create(store), {
      update: async (...args: Parameters<KnexRemediationStore['update']>) => {
        if (crash && args[2].status === 'running') {
          crash = false;
          throw new Error('process stopped');
        }
        return store.update(...args);
      },
    });
    const first = newService({
      knex,
      findings,
      delivery,
      clock,
      store: crashing,
    });
    await followUntilIdle(first, clock, 1);
    expect((await service.get(created.id, undefined))?.status).toBe('deployed');
    expect(delivery.runner.started.size).toBe(1);

    // A new instance over the same database finishes it.
    const restarted = newService({ knex, findings, delivery, clock });
    clock.advance(120_000); // the crashed instance's lease has expired
    await followUntilIdle(restarted, clock, 3);
    expect((await restarted.get(created.id, undefined))?.status).toBe(
      'verified',
    );
    expect(delivery.runner.started.size).toBe(1);
    expect(delivery.runner.startCalls.map(c => c.clientToken)).toEqual([
      created.id,
      created.id,
    ]);
    expect(delivery.repository.commits).toHaveLength(1);
    expect(delivery.pipeline.decisions).toHaveLength(1);
    expect(delivery.verifier.calls).toHaveLength(1);
    await followUntilIdle(restarted, clock, 2);
    expect(delivery.verifier.calls).toHaveLength(1);
  });

  it('retries a failing call with backoff, fails the stage after the last attempt, and retries on request', async () => {
    const waiting = await toApproval();
    await service.decide(
      waiting.id,
      { decision: 'approve', approvalToken: waiting.approvalToken! },
      bob,
    );
    delivery.runner.failGets = 100;
    clock.advance(1000);
    await service.followUpDue({ owner: 'test' });
    let record = await knex('remediations').where({ id: waiting.id }).first();
    expect(record.status).toBe('running');
    const delays: number[] = [];
    while (record.status !== 'failed' && delays.length < 10) {
      const due = new Date(record.next_check_at).getTime();
      delays.push(due - clock.current.getTime());
      clock.current = new Date(due);
      await service.followUpDue({ owner: 'test' });
      record = await knex('remediations').where({ id: waiting.id }).first();
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000]);
    const failed = (await service.get(waiting.id, undefined))!;
    expect(failed).toMatchObject({
      status: 'failed',
      error: {
        stage: 'run',
        attempts: 5,
        message: 'SSM is throttling requests',
      },
    });
    expect(failed.stages.find(s => s.name === 'run')).toMatchObject({
      status: 'failed',
      attempts: 5,
    });
    expect(await knex('remediations').whereNotNull('open_finding_id')).toEqual(
      [],
    );

    await expect(
      service.retry(waiting.id, {
        ...bob,
        scope: { awsAccountIds: ['999999999999'] },
      }),
    ).rejects.toThrow(NotFoundError);
    delivery.runner.failGets = 0;
    const retried = await service.retry(waiting.id, bob);
    expect(retried).toMatchObject({ status: 'deployed' });
    expect(retried.error).toBeUndefined();
    await expect(service.retry(waiting.id, bob)).rejects.toThrow(
      /only a failed remediation/,
    );
    await followUntilIdle(service, clock, 3);
    expect((await service.get(waiting.id, undefined))?.status).toBe('verified');
    expect([...delivery.runner.started.keys()]).toEqual([
      waiting.id,
      `${waiting.id}-r1`,
    ]);
  });

  it('fails a remediation the pipeline validation refuses, with its problems', async () => {
    delivery.pipeline.validationProblem = 'Property Foo is not allowed';
    const created = await submit();
    await followUntilIdle(service, clock, 2);
    const failed = (await service.get(created.id, undefined))!;
    expect(failed).toMatchObject({
      status: 'failed',
      error: {
        stage: 'validate',
        message: expect.stringContaining(
          'Resources.Doc: Property Foo is not allowed',
        ),
      },
    });
    expect(failed.stages.find(s => s.name === 'validate')?.status).toBe(
      'failed',
    );
    expect(delivery.runner.startCalls).toEqual([]);
  });

  it('waits for the pipeline to pick the commit up and for the finding to be re-evaluated', async () => {
    delivery.pipeline.pickupDelay = 2;
    const created = await submit();
    await followUntilIdle(service, clock, 2);
    expect((await service.get(created.id, undefined))?.status).toBe('staged');
    await followUntilIdle(service, clock, 1);
    expect((await service.get(created.id, undefined))?.status).toBe(
      'awaiting_approval',
    );

    delivery.verifier.final = false;
    await service.decide(
      created.id,
      { decision: 'approve', approvalToken: 'token-1' },
      bob,
    );
    await followUntilIdle(service, clock, 3);
    const verifying = (await service.get(created.id, undefined))!;
    expect(verifying).toMatchObject({
      status: 'verifying',
      verification: { note: 'not re-evaluated yet' },
    });
    delivery.verifier.final = true;
    await followUntilIdle(service, clock, 1);
    expect((await service.get(created.id, undefined))?.status).toBe('verified');
  });

  it('lists and reads remediations in the caller scope only', async () => {
    const mine = await submit();
    const other = await submit(FINDINGS.otherAccount.Id);
    const scope = { awsAccountIds: [ACCOUNT] };
    expect((await service.list({}, scope)).items.map(r => r.id)).toEqual([
      mine.id,
    ]);
    expect((await service.list({}, undefined)).totalCount).toBe(2);
    expect(await service.get(other.id, scope)).toBeUndefined();
    await expect(
      service.decide(
        other.id,
        { decision: 'approve', approvalToken: 'x' },
        { ...bob, scope },
      ),
    ).rejects.toThrow(NotFoundError);
  });
});
