import type {
  FindingTriageChange,
  FindingTriageResult,
} from '@internal/plugin-securityhub-remediation-common';
import type { OcsfFindingIdentifier } from './ocsfFindingIdentifier';

/** A finding to triage, with what its system of record needs to address it. @public */
export interface FindingTriageTarget {
  findingId: string;
  /** ASFF `ProductArn`; Security Hub identifies a finding by it and the id. */
  productArn: string;
  accountId: string;
  region: string;
  /** The findings source that stored it (picks the account's credentials). */
  sourceId: string;
  /** Set for findings read as OCSF (`securityhub-ocsf` sources): what `BatchUpdateFindingsV2` needs. */
  ocsf?: OcsfFindingIdentifier;
}

/** One triage: the same change, by one user, on a set of findings. @public */
export interface FindingsTriageUpdate {
  findings: FindingTriageTarget[];
  change: FindingTriageChange;
  /** The user's entity ref: the note's `UpdatedBy` (ASFF), in the `Comment` (OCSF). */
  updatedBy: string;
}

/**
 * Writes a triage (workflow status, note) to where findings are kept:
 * Security Hub, or only the portal's store in local mode. Answers one result
 * per finding, in the order given; a finding that was not changed is
 * `failed` with the reason, the call itself throws only when nothing could
 * be attempted.
 *
 * @public
 */
export interface FindingsTriageWriter {
  /** `securityhub`: written back to AWS; `local`: the portal's store only. */
  readonly mode: 'securityhub' | 'local';
  applyTriage(update: FindingsTriageUpdate): Promise<FindingTriageResult[]>;
}
