import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { FindingsBatch, FindingsReadStats } from '../../FindingsSource';
import type { SecurityHubFindingsSource } from '../SecurityHubFindingsSource';
import { generateControlFindings } from './asffFindings';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const SYNC_START = new Date('2026-03-01T12:00:00.000Z');
export const credentials = async () => ({
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
});

export const findings = generateControlFindings(250, { accountId: ACCOUNT });
/** The same findings as the SDK's output type, for mocked responses. */
export const sdkFindings = findings as AwsSecurityFinding[];

/** Every batch a source yields for one read. */
export async function readAll(
  source: SecurityHubFindingsSource,
  options: { updatedSince?: string; signal?: AbortSignal } = {},
  stats: FindingsReadStats = { retries: 0 },
): Promise<FindingsBatch[]> {
  const batches: FindingsBatch[] = [];
  for await (const batch of source.read(options, stats)) batches.push(batch);
  return batches;
}
