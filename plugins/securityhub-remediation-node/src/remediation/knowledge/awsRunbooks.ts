import type { AwsRunbookRemediation } from './types';
import { DATA_STORE_RUNBOOKS } from './runbooks/dataStores';
import { IDENTITY_AND_LOGGING_RUNBOOKS } from './runbooks/identityAndLogging';
import { NETWORK_AND_COMPUTE_RUNBOOKS } from './runbooks/networkAndCompute';

/**
 * Security Hub controls that an AWS-owned Automation runbook (present in
 * every account) remediates, with how to fill its parameters from a finding.
 *
 * Parameters and required IAM actions were checked against the runbook
 * reference pages (`source`). Where a page printed an invalid IAM service
 * prefix the valid prefix is used and the entry says so in a comment.
 *
 * @public
 */
export const AWS_RUNBOOK_REMEDIATIONS: readonly AwsRunbookRemediation[] = [
  ...NETWORK_AND_COMPUTE_RUNBOOKS,
  ...IDENTITY_AND_LOGGING_RUNBOOKS,
  ...DATA_STORE_RUNBOOKS,
];

const BY_CONTROL = new Map(
  AWS_RUNBOOK_REMEDIATIONS.map(entry => [entry.controlId.toLowerCase(), entry]),
);

/** The AWS-owned runbook remediation for a control, ignoring case. @public */
export function awsRunbookFor(
  controlId: string,
): AwsRunbookRemediation | undefined {
  return BY_CONTROL.get(controlId.trim().toLowerCase());
}

const ACTIONS_BY_RUNBOOK = new Map<string, readonly string[]>(
  AWS_RUNBOOK_REMEDIATIONS.map(r => [r.runbook, r.requiredIamActions]),
);

/**
 * IAM actions an AWS-owned runbook of this catalog needs from the role it
 * runs under (its "Required IAM permissions"); undefined for other documents.
 * @public
 */
export function awsRunbookIamActions(
  documentName: string,
): readonly string[] | undefined {
  return ACTIONS_BY_RUNBOOK.get(documentName);
}
