import type {
  RemediationDetail,
  RemediationEvent,
  RemediationStatus,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingScope } from '../FindingsStore';

/**
 * A stored remediation: what the API shows (without the events) plus what
 * the follow-up task needs to advance it.
 */
export interface RemediationRecord extends Omit<RemediationDetail, 'events'> {
  idempotencyKey?: string;
  /** Failed tries of the current stage (reset when the stage completes). */
  attempts: number;
  /** How often a failed remediation was retried. */
  retries: number;
  /** When the follow-up task should look at it next; absent when nothing is due. */
  nextCheckAt?: string;
  /** Bumped by every update: an update names the version it read. */
  version: number;
}

/** A record as it is first inserted. */
export type NewRemediationRecord = Omit<RemediationRecord, 'version'>;

type MutableFields = Omit<
  RemediationRecord,
  | 'id'
  | 'findingId'
  | 'awsAccountId'
  | 'createdAt'
  | 'version'
  | 'submittedBy'
  | 'idempotencyKey'
>;

/** What an update may change; null clears an optional field. */
export type RemediationPatch = {
  [K in keyof MutableFields]?: MutableFields[K] | null;
};

export interface RemediationListQuery {
  findingId?: string;
  accountId?: string;
  status?: RemediationStatus;
  /** true: only in flight; false: only ended. */
  open?: boolean;
  limit: number;
  cursor?: string;
}

export interface RemediationRecordsPage {
  items: RemediationRecord[];
  nextCursor?: string;
  totalCount: number;
}

/** The finding already has a remediation in flight. */
export class OpenRemediationExistsError extends Error {
  name = 'OpenRemediationExistsError';
  constructor(
    readonly findingId: string,
    readonly openRemediationId: string | undefined,
  ) {
    super(
      `Finding ${findingId} already has an open remediation${
        openRemediationId ? ` (${openRemediationId})` : ''
      }`,
    );
  }
}

/** The idempotency key was used by an earlier submit. */
export class IdempotencyKeyUsedError extends Error {
  name = 'IdempotencyKeyUsedError';
  constructor(readonly remediationId: string | undefined) {
    super(
      `The idempotency key was already used${
        remediationId ? ` by remediation ${remediationId}` : ''
      }`,
    );
  }
}

/** The record changed since it was read (another update won). */
export class RemediationVersionConflictError extends Error {
  name = 'RemediationVersionConflictError';
  constructor(
    readonly remediationId: string,
    readonly expectedVersion: number,
  ) {
    super(
      `Remediation ${remediationId} changed since version ${expectedVersion} was read`,
    );
  }
}

/** Where remediation records live (the plugin's database). */
export interface RemediationStore {
  /**
   * Inserts a record and its first events in one transaction. Throws
   * {@link OpenRemediationExistsError} or {@link IdempotencyKeyUsedError}
   * when the database refuses it.
   */
  insert(
    record: NewRemediationRecord,
    events: RemediationEvent[],
  ): Promise<RemediationRecord>;
  /** A record in the caller's scope (undefined scope: unrestricted). */
  get(id: string, scope: FindingScope): Promise<RemediationRecord | undefined>;
  events(id: string): Promise<RemediationEvent[]>;
  findByIdempotencyKey(key: string): Promise<RemediationRecord | undefined>;
  /** The finding's remediation in flight, if any. */
  findOpen(findingId: string): Promise<RemediationRecord | undefined>;
  /** Newest first, keyset-paged, with the count of all matches. */
  list(
    query: RemediationListQuery,
    scope: FindingScope,
  ): Promise<RemediationRecordsPage>;
  /**
   * Applies the patch and appends the events in one transaction, if the
   * record is still at `expectedVersion`; otherwise throws
   * {@link RemediationVersionConflictError}. Answers the updated record.
   */
  update(
    id: string,
    expectedVersion: number,
    patch: RemediationPatch,
    events: RemediationEvent[],
  ): Promise<RemediationRecord>;
  /** Removes a record and its events (a create that failed before anything was committed). */
  delete(id: string): Promise<void>;
  /**
   * Leases up to `limit` records whose `nextCheckAt` is due and whose lease
   * is free or expired; no two callers get the same record while the lease holds.
   */
  claimDue(
    now: Date,
    owner: string,
    leaseMs: number,
    limit: number,
  ): Promise<RemediationRecord[]>;
  /** Gives a lease back (only the owner's). */
  release(id: string, owner: string): Promise<void>;
}
