import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  REMEDIATIONS_PAGE_SIZE,
  type RemediationDetail,
  type RemediationPreview,
  type RemediationsPage,
  type RemediationStatus,
} from '@internal/plugin-securityhub-remediation-common';
import {
  readDeployManifest,
  remediationFiles,
  withDeployManifest,
  type AutomationRunner,
  type FindingVerifier,
  type RemediationEngine,
  type RemediationPipeline,
  type RemediationRepository,
} from '@internal/plugin-securityhub-remediation-node';
import type { FindingScope, FindingsStore } from '../FindingsStore';
import {
  IdempotencyKeyUsedError,
  OpenRemediationExistsError,
  RemediationVersionConflictError,
  type RemediationRecord,
  type RemediationStore,
} from './RemediationStore';
import { previewOf } from './previewRemediation';
import { decideApproval, type ApprovalRequest } from './approvalDecision';
import {
  authorOf,
  generatedRecordOf,
  retryPatchOf,
  stagedPatchOf,
} from './recordChanges';
import { followUpDue, type FollowUpRunOptions } from './followUpDue';
import {
  resolveFollowUpOptions,
  type FollowUpOptions,
  type ResolvedFollowUpOptions,
} from './followUpOptions';

export interface RemediationServiceDeps {
  store: RemediationStore;
  findings: FindingsStore;
  engine: RemediationEngine;
  repository: RemediationRepository;
  pipeline: RemediationPipeline;
  runner: AutomationRunner;
  verifier: FindingVerifier;
  /**
   * Account the pipeline deploys stacks in; a finding of another account
   * is deployed there as a StackSet. Unset (local delivery): a stack.
   */
  deployAccountId?: string;
  /** `securityHubRemediation.remediation.allowSelfApproval` */
  allowSelfApproval: boolean;
  logger: LoggerService;
  clock?: () => Date;
  followUp?: FollowUpOptions;
}

/** Who asks, and what findings they may read. */
export interface RemediationCaller {
  scope: FindingScope;
  /** User entity ref. */
  actor: string;
}

export interface RemediationsQuery {
  findingId?: string;
  accountId?: string;
  status?: RemediationStatus;
  open?: 'true' | 'false' | boolean;
  limit?: number;
  cursor?: string;
}

/** A repeated submit raced the first one; answer the first one's record. */
class RepeatedSubmit extends Error {
  constructor(readonly record: RemediationRecord) {
    super('repeated submit');
  }
}

/**
 * Remediations from a finding to a verified fix: preview, create (render,
 * check, record, commit), approval decisions, retries, and the follow-up
 * that advances every record from what the database holds.
 */
export class RemediationService {
  private readonly clock: () => Date;
  private readonly followUp: ResolvedFollowUpOptions;

  constructor(private readonly deps: RemediationServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.followUp = resolveFollowUpOptions(deps.followUp);
  }

  async preview(
    findingId: string,
    scope: FindingScope,
  ): Promise<RemediationPreview> {
    const finding = await this.deps.findings.get(findingId, scope);
    if (!finding) {
      throw new NotFoundError(
        `Finding ${findingId} does not exist or you may not read it`,
      );
    }
    const preview = previewOf(
      finding,
      this.deps.engine,
      this.deps.deployAccountId,
    );
    const open = await this.deps.store.findOpen(findingId);
    if (!open) return preview;
    return {
      ...preview,
      openRemediationId: open.id,
      blockedReason:
        preview.blockedReason ??
        `This finding already has an open remediation (${open.id}, ${open.status}); follow it or wait until it ends.`,
    };
  }

  async create(
    request: {
      findingId: string;
      templateHash: string;
      idempotencyKey?: string;
    },
    caller: RemediationCaller,
  ): Promise<RemediationDetail> {
    if (request.idempotencyKey) {
      const earlier = await this.deps.store.findByIdempotencyKey(
        request.idempotencyKey,
      );
      if (earlier) return this.repeatedSubmit(earlier, caller);
    }
    const preview = await this.preview(request.findingId, caller.scope);
    // Blocked is a state of the finding or its control, not a malformed
    // request: 409, with the reason a person can act on.
    if (preview.blockedReason) {
      // The open remediation may be this very submit's first attempt, made
      // between the key check above and the preview: answer it, not 409.
      if (request.idempotencyKey && preview.openRemediationId) {
        const earlier = await this.deps.store.findByIdempotencyKey(
          request.idempotencyKey,
        );
        if (earlier) return this.repeatedSubmit(earlier, caller);
      }
      throw new ConflictError(preview.blockedReason);
    }
    if (preview.templateHash !== request.templateHash) {
      throw new ConflictError(
        'The remediation changed since it was reviewed (the finding or the template library was updated); preview it again and review the new template.',
      );
    }
    if (!preview.validation?.valid) {
      const problems = (preview.validation?.problems ?? [])
        .filter(p => p.severity === 'error')
        .slice(0, 3)
        .map(p => `${p.path || 'template'}: ${p.message}`);
      throw new InputError(
        `The template is not valid, so it was not staged: ${problems.join(
          '; ',
        )}`,
      );
    }

    let record: RemediationRecord;
    try {
      record = await this.insertGenerated(preview, request, caller);
    } catch (error) {
      if (error instanceof RepeatedSubmit) {
        return this.repeatedSubmit(error.record, caller);
      }
      throw error;
    }
    return this.stage(record, caller.actor);
  }

  async list(
    query: RemediationsQuery,
    scope: FindingScope,
  ): Promise<RemediationsPage> {
    const open =
      query.open === undefined ? undefined : String(query.open) === 'true';
    const page = await this.deps.store.list(
      {
        findingId: query.findingId,
        accountId: query.accountId,
        status: query.status,
        open,
        limit: query.limit ?? REMEDIATIONS_PAGE_SIZE,
        cursor: query.cursor,
      },
      scope,
    );
    return {
      items: page.items.map(summaryOf),
      totalCount: page.totalCount,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async get(
    id: string,
    scope: FindingScope,
  ): Promise<RemediationDetail | undefined> {
    const record = await this.deps.store.get(id, scope);
    return record ? this.detailOf(record) : undefined;
  }

  async decide(
    id: string,
    request: ApprovalRequest,
    caller: RemediationCaller,
  ): Promise<RemediationDetail> {
    const record = await this.mustGet(id, caller.scope);
    const decided = await decideApproval(
      { ...this.deps, clock: this.clock },
      record,
      request,
      caller.actor,
    );
    return this.detailOf(decided);
  }

  async retry(
    id: string,
    caller: RemediationCaller,
  ): Promise<RemediationDetail> {
    const record = await this.mustGet(id, caller.scope);
    if (record.status !== 'failed') {
      throw new ConflictError(
        `Remediation ${id} is ${record.status}; only a failed remediation can be retried.`,
      );
    }
    const { patch, events } = retryPatchOf(record, {
      actor: caller.actor,
      at: this.clock().toISOString(),
    });
    try {
      const updated = await this.deps.store.update(
        id,
        record.version,
        patch,
        events,
      );
      return this.detailOf(updated);
    } catch (error) {
      throw this.asConflict(error, id);
    }
  }

  /**
   * Advances every due record one or more steps (while each completes at
   * once). Answers how many records moved to a new status.
   */
  async followUpDue(options: FollowUpRunOptions = {}): Promise<number> {
    return followUpDue(
      { ...this.deps, options: this.followUp, clock: this.clock },
      options,
    );
  }

  private async insertGenerated(
    preview: RemediationPreview,
    request: { idempotencyKey?: string },
    caller: RemediationCaller,
  ): Promise<RemediationRecord> {
    const { record, events } = generatedRecordOf(preview, {
      actor: caller.actor,
      idempotencyKey: request.idempotencyKey,
      at: this.clock().toISOString(),
    });
    // The staged template names its remediation, so every remediation is its
    // own commit and pipeline execution, even when another one staged the
    // same files before. The hash stays the one of what was reviewed.
    const manifest = readDeployManifest(record.templateYaml);
    if (manifest) {
      record.templateYaml = withDeployManifest(record.templateYaml, {
        ...manifest,
        remediationId: record.id,
      });
    }
    try {
      return await this.deps.store.insert(record, events);
    } catch (error) {
      // A repeated submit that raced the first: whichever key the database
      // checked first, the first submit's record is the answer.
      const racing =
        error instanceof IdempotencyKeyUsedError ||
        error instanceof OpenRemediationExistsError;
      if (racing && request.idempotencyKey) {
        const earlier = await this.deps.store.findByIdempotencyKey(
          request.idempotencyKey,
        );
        if (earlier) throw new RepeatedSubmit(earlier);
      }
      throw this.asConflict(error, preview.findingId);
    }
  }

  /** Commits the files; without a commit no record is left behind. */
  private async stage(
    record: RemediationRecord,
    actor: string,
  ): Promise<RemediationDetail> {
    const { repository } = this.deps;
    let result;
    try {
      result = await repository.stage({
        files: remediationFiles(
          record.templateName,
          record.templateYaml,
          record.parametersJson,
        ),
        message: `Remediate ${record.controlId} in ${record.awsAccountId} ${record.region} (finding ${record.findingId}, remediation ${record.id})`,
        author: authorOf(actor),
      });
    } catch (error) {
      await this.deps.store.delete(record.id);
      throw new ServiceUnavailableError(
        `Could not commit the remediation to repository ${repository.name} (${
          repository.branch
        }): ${(error as Error).message}. Nothing was staged; try again.`,
      );
    }
    const { patch, events } = stagedPatchOf(record, repository, result, {
      actor,
      at: this.clock().toISOString(),
    });
    const staged = await this.deps.store.update(
      record.id,
      record.version,
      patch,
      events,
    );
    return this.detailOf(staged);
  }

  private async repeatedSubmit(
    earlier: RemediationRecord,
    caller: RemediationCaller,
  ): Promise<RemediationDetail> {
    if (earlier.submittedBy !== caller.actor) {
      throw new ConflictError(
        'This idempotency key was used by another submitter; use a new key.',
      );
    }
    const visible = await this.deps.store.get(earlier.id, caller.scope);
    if (!visible) {
      throw new NotFoundError(`Remediation ${earlier.id} is not in your scope`);
    }
    return this.detailOf(visible);
  }

  private async mustGet(
    id: string,
    scope: FindingScope,
  ): Promise<RemediationRecord> {
    const record = await this.deps.store.get(id, scope);
    if (!record) {
      throw new NotFoundError(
        `Remediation ${id} does not exist or you may not read it`,
      );
    }
    return record;
  }

  private asConflict(error: unknown, subject: string): unknown {
    if (error instanceof OpenRemediationExistsError) {
      return new ConflictError(
        `Finding ${error.findingId} already has an open remediation${
          error.openRemediationId ? ` (${error.openRemediationId})` : ''
        }; follow it or wait until it ends.`,
      );
    }
    if (error instanceof RemediationVersionConflictError) {
      return new ConflictError(
        `Remediation ${subject} changed while you acted on it; reload it and try again.`,
      );
    }
    return error;
  }

  private async detailOf(
    record: RemediationRecord,
  ): Promise<RemediationDetail> {
    const events = await this.deps.store.events(record.id);
    const {
      idempotencyKey,
      attempts,
      retries,
      nextCheckAt,
      version,
      ...detail
    } = record;
    return { ...detail, events };
  }
}

function summaryOf(record: RemediationRecord) {
  const {
    idempotencyKey,
    attempts,
    retries,
    nextCheckAt,
    version,
    templateYaml,
    parametersJson,
    changePreview,
    validation,
    ...summary
  } = record;
  return summary;
}
