import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  FindingTriageChange,
  FindingTriageResult,
  FindingsTriageRequest,
  FindingsTriageResponse,
} from '@internal/plugin-securityhub-remediation-common';
import {
  ocsfFindingIdentifierOf,
  type FindingTriageTarget,
  type FindingsTriageWriter,
} from '@internal/plugin-securityhub-remediation-node';
import type { FindingScope, FindingsStore } from '../FindingsStore';

/** A writer of findings back to Security Hub, for the sources it was configured with. */
export interface SecurityHubTriageWriter extends FindingsTriageWriter {
  handles(sourceId: string): boolean;
}

export interface FindingsTriageServiceOptions {
  store: FindingsStore;
  /** Writes findings of configured Security Hub sources (ASFF and OCSF) back to AWS; absent when none are configured. */
  securityHub?: SecurityHubTriageWriter;
  /** Everything else (findings read from ASFF files): the portal's store only. */
  local: FindingsTriageWriter;
  logger: LoggerService;
}

/** Who triages, and which findings they may both read and update. */
export interface TriageCaller {
  scope: FindingScope;
  /** The user's entity ref, the note's `UpdatedBy`. */
  updatedBy: string;
}

const notFound = (findingId: string): FindingTriageResult => ({
  findingId,
  status: 'failed',
  reason: `No finding with id ${findingId}`,
});

/**
 * Sets the workflow status and adds a note on findings: written back to
 * Security Hub for findings synced from it (then through to the portal's
 * store), to the store only otherwise.
 */
export class FindingsTriageService {
  constructor(private readonly options: FindingsTriageServiceOptions) {}

  async triage(
    request: FindingsTriageRequest,
    caller: TriageCaller,
  ): Promise<FindingsTriageResponse> {
    const { store, securityHub, local } = this.options;
    const found = await Promise.all(
      request.findingIds.map(id => store.get(id, caller.scope)),
    );
    const targets = found.flatMap((finding): FindingTriageTarget[] => {
      if (!finding) return [];
      // Findings read as OCSF keep the original, which V2 addresses them by.
      const ocsf = ocsfFindingIdentifierOf(finding.raw);
      return [
        {
          findingId: finding.id,
          productArn: finding.productArn,
          accountId: finding.awsAccountId,
          region: finding.region,
          sourceId: finding.sourceId,
          ...(ocsf ? { ocsf } : {}),
        },
      ];
    });
    // Out of scope reads as absent: whether it exists is not disclosed.
    if (targets.length === 0) {
      throw new NotFoundError(
        request.findingIds.length === 1
          ? `No finding with id ${request.findingIds[0]}`
          : `None of the ${request.findingIds.length} findings exist`,
      );
    }
    const change: FindingTriageChange = {
      workflowStatus: request.workflowStatus,
      note: request.note,
    };
    const toSecurityHub = targets.filter(t => securityHub?.handles(t.sourceId));
    const toLocal = targets.filter(t => !securityHub?.handles(t.sourceId));
    const [remote, locally] = await Promise.all([
      toSecurityHub.length > 0
        ? securityHub!.applyTriage({
            findings: toSecurityHub,
            change,
            updatedBy: caller.updatedBy,
          })
        : [],
      toLocal.length > 0
        ? local.applyTriage({
            findings: toLocal,
            change,
            updatedBy: caller.updatedBy,
          })
        : [],
    ]);
    await this.writeThrough(
      remote.filter(r => r.status === 'updated').map(r => r.findingId),
      change,
      caller.updatedBy,
    );
    const byId = new Map(
      [...remote, ...locally].map(result => [result.findingId, result]),
    );
    const results = request.findingIds.map(id => byId.get(id) ?? notFound(id));
    const updated = results.filter(r => r.status === 'updated').length;
    return { results, updated, failed: results.length - updated };
  }

  /**
   * Shows what Security Hub now holds without waiting for the next sync.
   * Security Hub is the record: if this write fails, the next sync still
   * brings the change, so the findings stay reported as updated.
   */
  private async writeThrough(
    findingIds: string[],
    change: FindingTriageChange,
    updatedBy: string,
  ) {
    if (findingIds.length === 0) return;
    try {
      await this.options.store.writeTriage({
        findingIds,
        change,
        updatedBy,
        mode: 'securityhub',
      });
    } catch (error) {
      this.options.logger.warn(
        `Triage of ${findingIds.length} finding(s) was written to Security Hub but not to the portal store; a sync that reads a newer version of the finding brings it: ${error}`,
      );
    }
  }
}
