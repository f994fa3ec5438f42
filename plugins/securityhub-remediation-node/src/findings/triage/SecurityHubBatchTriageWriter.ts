import type { FindingTriageResult } from '@internal/plugin-securityhub-remediation-common';
import { attachBatchUpdateRateLimiters, triageBySource } from './batchTriage';
import type {
  FindingTriageTarget,
  FindingsTriageUpdate,
  FindingsTriageWriter,
} from './FindingsTriageWriter';
import type { SecurityHubTriageTarget } from './SecurityHubTriageTarget';

/**
 * What the Security Hub writers (`BatchUpdateFindings` for ASFF,
 * `BatchUpdateFindingsV2` for OCSF) share: findings grouped by the source
 * (account and region) each was read from, chunked, every call paced by the
 * account and region's rate limiter, one result per finding. A subclass
 * writes one chunk with its API.
 *
 * @public
 */
export abstract class SecurityHubBatchTriageWriter
  implements FindingsTriageWriter
{
  readonly mode = 'securityhub' as const;
  private readonly targets: Map<string, SecurityHubTriageTarget>;

  constructor(
    targets: readonly SecurityHubTriageTarget[],
    /** Names the sources in a finding's failure, e.g. `Security Hub OCSF`. */
    private readonly sourceKind: string,
  ) {
    this.targets = new Map(targets.map(t => [t.sourceId, t]));
    attachBatchUpdateRateLimiters(targets);
  }

  /** Whether findings of this source are written back to Security Hub. */
  handles(sourceId: string): boolean {
    return this.targets.has(sourceId);
  }

  async applyTriage(
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]> {
    return triageBySource(
      this.targets,
      update,
      (target, chunk) => this.updateChunk(target, chunk, update),
      sourceId =>
        `No ${this.sourceKind} source '${sourceId}' is configured to write this finding back`,
    );
  }

  /** Writes one chunk (at most the API's identifiers per call). */
  protected abstract updateChunk(
    target: SecurityHubTriageTarget,
    chunk: FindingTriageTarget[],
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]>;
}
