import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  asffFindingFixture,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  renderRemediation,
  validateRemediationFile,
  type RemediationEngine,
} from '@internal/plugin-securityhub-remediation-node';
import { KnexFindingsStore } from '../../FindingsStore';
import { KnexRemediationStore } from '../KnexRemediationStore';
import {
  RemediationService,
  type RemediationServiceDeps,
} from '../RemediationService';
import type { RemediationStore } from '../RemediationStore';
import {
  FakeAutomationRunner,
  FakePipeline,
  FakeRepository,
  FakeVerifier,
} from './fakeDelivery';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';

/** The findings the service tests remediate, by what each one tests. */
export const FINDINGS = {
  failing: asffFindingFixture({
    accountId: ACCOUNT,
    controlId: 'S3.5',
    resourceType: 'AwsS3Bucket',
    resourceId: 'arn:aws:s3:::ledger',
    suffix: '0001',
  }),
  passed: asffFindingFixture({
    accountId: ACCOUNT,
    controlId: 'S3.5',
    resourceType: 'AwsS3Bucket',
    resourceId: 'arn:aws:s3:::passed',
    complianceStatus: 'PASSED',
    suffix: '0002',
  }),
  archived: asffFindingFixture({
    accountId: ACCOUNT,
    controlId: 'S3.5',
    resourceType: 'AwsS3Bucket',
    resourceId: 'arn:aws:s3:::archived',
    recordState: 'ARCHIVED',
    suffix: '0003',
  }),
  cannotAutomate: asffFindingFixture({
    accountId: ACCOUNT,
    controlId: 'IAM.4',
    title: 'IAM root user access key should not exist',
    resourceType: 'AwsAccount',
    resourceId: `AWS::::Account:${ACCOUNT}`,
    suffix: '0004',
  }),
  otherAccount: asffFindingFixture({
    accountId: OTHER_ACCOUNT,
    controlId: 'S3.5',
    resourceType: 'AwsS3Bucket',
    resourceId: 'arn:aws:s3:::other',
    suffix: '0005',
  }),
} satisfies Record<string, AsffFinding>;

export const engine = {
  render: renderRemediation,
  validate: validateRemediationFile,
} as unknown as RemediationEngine;

/** A clock the test moves. */
export class TestClock {
  constructor(public current = new Date(Date.UTC(2026, 11, 2, 12))) {}
  readonly now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The external systems: one set shared by every service instance of a test. */
export interface Delivery {
  repository: FakeRepository;
  pipeline: FakePipeline;
  runner: FakeAutomationRunner;
  verifier: FakeVerifier;
}

export async function loadFindings(knex: Knex): Promise<KnexFindingsStore> {
  const findings = new KnexFindingsStore(knex);
  await findings.upsertBatch(Object.values(FINDINGS), 'demo');
  return findings;
}

export function newDelivery(findings: KnexFindingsStore): Delivery {
  return {
    repository: new FakeRepository(),
    pipeline: new FakePipeline(),
    runner: new FakeAutomationRunner(),
    verifier: new FakeVerifier(findings),
  };
}

export function newService(
  options: {
    knex: Knex;
    findings: KnexFindingsStore;
    delivery: Delivery;
    clock: TestClock;
    store?: RemediationStore;
  } & Partial<Omit<RemediationServiceDeps, 'clock'>>,
): RemediationService {
  const { knex, delivery, clock, ...rest } = options;
  return new RemediationService({
    store: options.store ?? new KnexRemediationStore(knex),
    engine,
    allowSelfApproval: false,
    logger: mockServices.logger.mock(),
    clock: clock.now,
    ...delivery,
    ...rest,
    findings: options.findings,
  });
}

/** Runs the follow-up, a second apart, until nothing is due or `rounds` pass. */
export async function followUntilIdle(
  service: RemediationService,
  clock: TestClock,
  rounds = 10,
): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    clock.advance(1000);
    await service.followUpDue({ owner: 'test' });
  }
}
