import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { findingsTestDatabases } from '../../__testUtils__/testDatabases';
import { KnexRemediationStore } from './KnexRemediationStore';
import {
  ACCOUNT,
  FINDINGS,
  followUntilIdle,
  newService,
} from './__testUtils__/serviceHarness';
import {
  alice,
  bob,
  remediationServiceOn,
  type ServiceUnderTest,
} from './__testUtils__/serviceOnDatabase';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

describe.each(ids)(
  'RemediationService: follow-up to a verified fix on %s',
  databaseId => {
    const under = remediationServiceOn(databases, databaseId);
    const { records, submit, toApproval } = under;
    let knex: Knex;
    let findings: ServiceUnderTest['findings'];
    let delivery: ServiceUnderTest['delivery'];
    let clock: ServiceUnderTest['clock'];
    let service: ServiceUnderTest['service'];
    beforeEach(() => {
      ({ knex, findings, delivery, clock, service } = under.current());
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
      expect(done.stages.map(s => s.status)).toEqual(
        Array(7).fill('succeeded'),
      );
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
      expect((await service.get(created.id, undefined))?.status).toBe(
        'deployed',
      );
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
      expect(
        await knex('remediations').whereNotNull('open_finding_id'),
      ).toEqual([]);

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
      expect((await service.get(waiting.id, undefined))?.status).toBe(
        'verified',
      );
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
      expect((await service.get(created.id, undefined))?.status).toBe(
        'verified',
      );
    });
  },
);
