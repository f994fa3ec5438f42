import { ConfigReader } from '@backstage/config';
import { chatEventSchema } from '@internal/plugin-securityhub-remediation-common';
import {
  createRemediationEngine,
  type RemediationEngine,
} from '../../../remediation/engine/RemediationEngine';
import type { ChatToolOutcome } from '../../RemediationAgent';
import { UNTRUSTED_CLOSE, UNTRUSTED_OPEN } from '../../untrusted';

/** Test kit of the toolbox's tests: engines, templates and checks on outcomes. */

export const VALID_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: Enables server access logging on a bucket (S3.9)
Parameters:
  LogBucketName:
    Type: String
    Description: Bucket that receives the access logs
Resources:
  LoggedBucket:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration:
        DestinationBucketName: !Ref LogBucketName
        LogFilePrefix: access-logs/
`;
export const INVALID_TEMPLATE = VALID_TEMPLATE.replace(
  'LogFilePrefix:',
  'LogFilePrefixx:',
);

/** The real engine, with and without `remediation.asrDeployed` (built once per file). */
export async function testEngines(): Promise<{
  engine: RemediationEngine;
  asrEngine: RemediationEngine;
}> {
  return {
    engine: await createRemediationEngine(new ConfigReader({})),
    asrEngine: await createRemediationEngine(
      new ConfigReader({
        securityHubRemediation: { remediation: { asrDeployed: true } },
      }),
    ),
  };
}

/** Every event of an outcome matches the SSE schema, and its output survives JSON. */
export function expectValidEvents(outcome: ChatToolOutcome) {
  for (const event of [
    outcome.step,
    ...outcome.citations,
    ...(outcome.proposal ? [outcome.proposal] : []),
  ]) {
    expect(chatEventSchema.safeParse(event).success).toBe(true);
  }
  // What the model reads must survive JSON.
  expect(JSON.parse(JSON.stringify(outcome.output))).toEqual(outcome.output);
}

/** Every occurrence of `needle` lies between an untrusted block's open and close tags. */
export function onlyInsideUntrusted(haystack: string, needle: string): boolean {
  let from = 0;
  let found = false;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return found;
    found = true;
    const open = haystack.lastIndexOf(UNTRUSTED_OPEN, at);
    const closeBefore = haystack.lastIndexOf(UNTRUSTED_CLOSE, at);
    const closeAfter = haystack.indexOf(UNTRUSTED_CLOSE, at);
    if (open < 0 || closeBefore > open || closeAfter < 0) return false;
    from = at + needle.length;
  }
}
