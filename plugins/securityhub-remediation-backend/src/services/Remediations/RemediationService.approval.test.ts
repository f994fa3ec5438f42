import type { Knex } from 'knex';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { findingsTestDatabases } from '../../__testUtils__/testDatabases';
import {
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
  'RemediationService: approval decisions on %s',
  databaseId => {
    const under = remediationServiceOn(databases, databaseId);
    const { toApproval } = under;
    let knex: Knex;
    let findings: ServiceUnderTest['findings'];
    let delivery: ServiceUnderTest['delivery'];
    let clock: ServiceUnderTest['clock'];
    let service: ServiceUnderTest['service'];
    beforeEach(() => {
      ({ knex, findings, delivery, clock, service } = under.current());
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
      const fresh = delivery.pipeline.reissueToken(
        waiting.pipeline!.executionId,
      );
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
      expect((await service.get(waiting.id, undefined))?.status).toBe(
        'rejected',
      );
      expect(delivery.runner.startCalls).toEqual([]);
      expect(
        (await service.preview(FINDINGS.failing.Id, undefined)).blockedReason,
      ).toBeUndefined();
    });
  },
);
