import {
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  type SecurityHubClient,
  type WorkflowStatus,
} from '@aws-sdk/client-securityhub';
import type { ComplianceStatus } from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingVerifier,
  VerificationResult,
  VerifyRequest,
} from '../ports';
import { awsCallError } from './awsErrors';
import type { AccountRegion } from './SsmAutomationRunner';

/** A Security Hub note is at most 512 characters. */
const MAX_NOTE = 512;

/** What the user waits for, said on every "not yet" answer. */
export const REEVALUATION_NOTE =
  'Security Hub re-evaluates a control when AWS Config records the change (usually minutes) or on the control’s periodic schedule (12 or 24 hours)';

export interface SecurityHubFindingVerifierOptions {
  /** The Security Hub client of an account and region (credentials from the AWS integration). */
  client(where: AccountRegion): Promise<SecurityHubClient>;
  /**
   * Account that reads and updates findings (a delegated administrator);
   * default: the finding's own account.
   */
  accountId?: string;
  /** Workflow status set on a PASSED finding; undefined leaves it as it is. */
  workflowStatus?: WorkflowStatus;
  /** Give up waiting for re-evaluation after this long (ms). */
  timeoutMs: number;
  /** Link back to a remediation in the portal, for the finding's note. */
  remediationUrl?(remediationId: string): string;
  now?: () => Date;
}

/**
 * {@link FindingVerifier} on Security Hub: re-reads the finding until it is
 * PASSED (bounded by `timeoutMs`), then writes a note linking back to the
 * remediation with `BatchUpdateFindings`.
 */
export class SecurityHubFindingVerifier implements FindingVerifier {
  readonly mode = 'aws' as const;

  constructor(private readonly options: SecurityHubFindingVerifierOptions) {}

  async verify(request: VerifyRequest): Promise<VerificationResult> {
    const now = (this.options.now ?? (() => new Date()))();
    const where = {
      accountId: this.options.accountId ?? request.accountId,
      region: request.region,
    };
    const client = await this.options.client(where);
    const resource = `finding ${request.findingId} in ${where.accountId}/${where.region}`;
    let finding;
    try {
      const page = await client.send(
        new GetFindingsCommand({
          Filters: { Id: [{ Value: request.findingId, Comparison: 'EQUALS' }] },
          MaxResults: 1,
        }),
      );
      finding = page.Findings?.[0];
    } catch (error) {
      throw awsCallError(error, 'securityhub:GetFindings', resource);
    }
    const at = now.toISOString();
    if (!finding) {
      return {
        complianceStatus: 'UNKNOWN',
        at,
        mode: 'aws',
        final: true,
        note: `Security Hub in ${where.accountId}/${where.region} has no finding ${request.findingId} (deleted, or read from an account that does not see it)`,
      };
    }
    const status = (finding.Compliance?.Status ?? 'UNKNOWN') as
      | ComplianceStatus
      | 'UNKNOWN';
    if (status === 'PASSED') {
      await this.noteRemediated(client, request, finding, resource);
      return {
        complianceStatus: status,
        at,
        mode: 'aws',
        final: true,
        note: `Security Hub reports PASSED (updated ${finding.UpdatedAt})${
          this.options.workflowStatus
            ? `; workflow set to ${this.options.workflowStatus}`
            : ''
        }`,
      };
    }
    const archived = finding.RecordState === 'ARCHIVED';
    const waited = request.since
      ? now.getTime() - new Date(request.since).getTime()
      : 0;
    const final = archived || waited >= this.options.timeoutMs;
    let note = `Waiting for Security Hub (status ${status}, updated ${finding.UpdatedAt}). ${REEVALUATION_NOTE}`;
    if (archived) {
      note = `Security Hub archived the finding (its resource was deleted or the control disabled); status ${status}`;
    } else if (final) {
      note = `Security Hub still reports ${status} after ${Math.round(
        waited / 60_000,
      )} min. ${REEVALUATION_NOTE}; retry verification later`;
    }
    return { complianceStatus: status, at, mode: 'aws', final, note };
  }

  private async noteRemediated(
    client: SecurityHubClient,
    request: VerifyRequest,
    finding: { Id?: string; ProductArn?: string },
    resource: string,
  ): Promise<void> {
    const link = this.options.remediationUrl?.(request.remediationId);
    const text = `Remediated from the developer portal: remediation ${
      request.remediationId
    }, automation ${request.automationExecutionId}${link ? `, ${link}` : ''}`;
    let result;
    try {
      result = await client.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [
            {
              Id: finding.Id ?? request.findingId,
              ProductArn: finding.ProductArn,
            },
          ],
          Note: {
            Text: text.slice(0, MAX_NOTE),
            UpdatedBy: 'securityhub-remediation',
          },
          ...(this.options.workflowStatus
            ? { Workflow: { Status: this.options.workflowStatus } }
            : {}),
        }),
      );
    } catch (error) {
      throw awsCallError(error, 'securityhub:BatchUpdateFindings', resource);
    }
    const unprocessed = result.UnprocessedFindings?.[0];
    if (unprocessed) {
      throw new Error(
        `securityhub:BatchUpdateFindings did not update ${resource}: ${unprocessed.ErrorCode}: ${unprocessed.ErrorMessage}`,
      );
    }
  }
}
