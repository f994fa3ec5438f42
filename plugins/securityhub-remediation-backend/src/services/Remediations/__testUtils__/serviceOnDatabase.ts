import type { Knex } from 'knex';
import { migrateFindingsDatabase } from '../../../__testUtils__/testDatabases';
import type { KnexFindingsStore } from '../../FindingsStore';
import type { RemediationService } from '../RemediationService';
import { clearRemediations } from './records';
import {
  FINDINGS,
  followUntilIdle,
  loadFindings,
  newDelivery,
  newService,
  TestClock,
  type Delivery,
} from './serviceHarness';

export const alice = { scope: undefined, actor: 'user:default/alice' };
export const bob = { scope: undefined, actor: 'user:default/bob' };

export interface ServiceUnderTest {
  knex: Knex;
  findings: KnexFindingsStore;
  delivery: Delivery;
  clock: TestClock;
  service: RemediationService;
}

/**
 * A fresh service per test on one test database (the demo findings loaded,
 * no remediations, counting fakes of the delivery ports), with the steps
 * most tests start from. Call inside a `describe`.
 */
export function remediationServiceOn(
  databases: { init(id: any): Promise<Knex> },
  databaseId: string,
) {
  let knex: Knex;
  let current: ServiceUnderTest;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
  });

  beforeEach(async () => {
    await clearRemediations(knex);
    await knex('securityhub_finding_details').delete();
    await knex('securityhub_findings').delete();
    const findings = await loadFindings(knex);
    const delivery = newDelivery(findings);
    const clock = new TestClock();
    const service = newService({ knex, findings, delivery, clock });
    current = { knex, findings, delivery, clock, service };
  });

  async function submit(findingId = FINDINGS.failing.Id, caller = alice) {
    const preview = await current.service.preview(findingId, caller.scope);
    return current.service.create(
      { findingId, templateHash: preview.templateHash! },
      caller,
    );
  }

  return {
    /** The service of the running test (set in `beforeEach`). */
    current: () => current,
    records: () => current.knex('remediations'),
    submit,
    /** Submits as `caller` and follows up until the approval waits. */
    async toApproval(caller = alice) {
      const created = await submit(FINDINGS.failing.Id, caller);
      await followUntilIdle(current.service, current.clock, 2);
      return (await current.service.get(created.id, undefined))!;
    },
  };
}
