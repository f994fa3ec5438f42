import { entriesWith, lazyList } from './serviceKnowledge';
import type { AwsRunbookRemediation } from './types';

/**
 * Security Hub controls that an AWS-owned Automation runbook (present in
 * every account) remediates, with how to fill its parameters from a finding
 * (`runbook` in the service files).
 *
 * Parameters and required IAM actions were checked against the runbook
 * reference pages (`source`). Where a page printed an invalid IAM service
 * prefix the valid prefix is used and the entry says so in a comment.
 *
 * @public
 */
export const AWS_RUNBOOK_REMEDIATIONS: readonly AwsRunbookRemediation[] =
  lazyList(() => entriesWith('runbook').map(entry => entry.runbook));

let byControl: ReadonlyMap<string, AwsRunbookRemediation> | undefined;
let actionsByRunbook: ReadonlyMap<string, readonly string[]> | undefined;

/** The AWS-owned runbook remediation for a control, ignoring case. @public */
export function awsRunbookFor(
  controlId: string,
): AwsRunbookRemediation | undefined {
  byControl ??= new Map(
    AWS_RUNBOOK_REMEDIATIONS.map(entry => [
      entry.controlId.toLowerCase(),
      entry,
    ]),
  );
  return byControl.get(controlId.trim().toLowerCase());
}

/**
 * IAM actions an AWS-owned runbook of this catalog needs from the role it
 * runs under (its "Required IAM permissions"); undefined for other documents.
 * @public
 */
export function awsRunbookIamActions(
  documentName: string,
): readonly string[] | undefined {
  actionsByRunbook ??= new Map(
    AWS_RUNBOOK_REMEDIATIONS.map(r => [r.runbook, r.requiredIamActions]),
  );
  return actionsByRunbook.get(documentName);
}
