import type { Knex } from 'knex';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { findingsTestDatabases } from '../../__testUtils__/testDatabases';
import { clearRemediations } from './__testUtils__/records';
import {
  ACCOUNT,
  engine,
  FINDINGS,
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
  'RemediationService: preview, submit and read on %s',
  databaseId => {
    const under = remediationServiceOn(databases, databaseId);
    const { records, submit } = under;
    let knex: Knex;
    let findings: ServiceUnderTest['findings'];
    let delivery: ServiceUnderTest['delivery'];
    let clock: ServiceUnderTest['clock'];
    let service: ServiceUnderTest['service'];
    beforeEach(() => {
      ({ knex, findings, delivery, clock, service } = under.current());
    });
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

    it('deploys a finding of another account than the pipeline’s as a StackSet, with its document named after the stack', async () => {
      const aws = newService({
        knex,
        findings,
        delivery,
        clock,
        deployAccountId: '999999999999',
      });
      const preview = await aws.preview(FINDINGS.failing.Id, undefined);
      expect(preview.changePreview).toMatchObject({
        accounts: [ACCOUNT],
        deployment: 'stack-set',
        documentName: preview.name,
      });
      expect(preview.templateYaml).toContain('deployment: "stack-set"');
      const home = newService({
        knex,
        findings,
        delivery,
        clock,
        deployAccountId: ACCOUNT,
      });
      expect(
        (await home.preview(FINDINGS.failing.Id, undefined)).changePreview,
      ).toMatchObject({
        deployment: 'stack',
      });
    });

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
            policy: [],
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

    it('leaves no record when the repository cannot take the commit', async () => {
      delivery.repository.failWith = new Error('connection refused');
      await expect(submit()).rejects.toThrow(ServiceUnavailableError);
      await expect(submit()).rejects.toThrow(
        /connection refused.*Nothing was staged/,
      );
      expect(await records()).toEqual([]);
      expect(await knex('remediation_events')).toEqual([]);
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
  },
);
