import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type { NewRemediationRecord } from '../RemediationStore';
import { initialStages } from '../remediationStages';

/** A remediation record as create would insert it, for store tests. */
export function newRecord(
  overrides: Partial<NewRemediationRecord> = {},
): NewRemediationRecord {
  const at = overrides.createdAt ?? new Date().toISOString();
  return {
    id: randomUUID(),
    findingId: `finding-${randomUUID()}`,
    controlId: 'S3.5',
    controlTitle:
      'S3 general purpose buckets should require requests to use SSL',
    awsAccountId: '111111111111',
    region: 'us-east-1',
    resourceId: 'arn:aws:s3:::ledger',
    automationKind: 'aws-runbook',
    templateName: 'SecHubRemediation-S3-5-1a2b3c4d',
    templateHash: 'a'.repeat(64),
    templateYaml: 'Resources: {}\n',
    parametersJson: '[]\n',
    status: 'generated',
    submittedBy: 'user:default/alice',
    stages: initialStages(),
    attempts: 0,
    retries: 0,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** Empties the remediation tables between tests. */
export async function clearRemediations(knex: Knex): Promise<void> {
  await knex('remediation_events').delete();
  await knex('remediations').delete();
}
