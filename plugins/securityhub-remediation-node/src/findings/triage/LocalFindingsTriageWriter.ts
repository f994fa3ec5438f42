import type { FindingTriageResult } from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsTriageUpdate,
  FindingsTriageWriter,
} from './FindingsTriageWriter';

/**
 * What the local triage needs from the portal's findings store: apply the
 * change to the stored findings, answering the ids it changed. Implemented
 * by the backend's store.
 *
 * @public
 */
export interface LocalTriageStore {
  applyTriageLocally(update: FindingsTriageUpdate): Promise<string[]>;
}

/**
 * Local mode, no AWS: the triage is written to the portal's store only, for
 * findings read from ASFF files. Nothing is sent to Security Hub, and the
 * stored finding keeps the change until its source brings a newer version.
 *
 * @public
 */
export class LocalFindingsTriageWriter implements FindingsTriageWriter {
  readonly mode = 'local' as const;

  constructor(private readonly store: LocalTriageStore) {}

  async applyTriage(
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]> {
    const changed = new Set(await this.store.applyTriageLocally(update));
    return update.findings.map(({ findingId }) =>
      changed.has(findingId)
        ? { findingId, status: 'updated' }
        : {
            findingId,
            status: 'failed',
            reason: 'The finding is no longer in the portal store',
          },
    );
  }
}
