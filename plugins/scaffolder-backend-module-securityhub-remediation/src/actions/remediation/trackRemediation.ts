import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  BackendRequestError,
  isTerminalRemediationStatus,
  REMEDIATION_STAGES,
  REMEDIATION_STATUSES,
  STAGE_STATUSES,
  type RemediationDetail,
} from '@internal/plugin-securityhub-remediation-common';
import {
  describeCallError,
  remediationsClientFor,
  remediationUrlOf,
  type SecurityHubActionDeps,
} from '../onBehalfOfInitiator';
import { checkedRemediationId } from '../inputs';
import { remediationSummary } from './remediationSummary';
import { examples } from './trackRemediation.examples';

export const DEFAULT_TIMEOUT_MINUTES = 60;
export const MAX_TIMEOUT_MINUTES = 24 * 60;
export const DEFAULT_POLL_SECONDS = 5;
const MAX_POLL_SECONDS = 600;

/** Time as the action sees it; tests pass a clock that does not wait. */
export interface TrackClock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: TrackClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const pending: { timer?: ReturnType<typeof setTimeout> } = {};
      const onAbort = () => {
        clearTimeout(pending.timer);
        reject(signal?.reason);
      };
      pending.timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Follows a remediation until it is verified, rejected or failed, as the
 * user who runs the template, logging each stage change once.
 *
 * @public
 */
export function createTrackRemediationAction(
  deps: SecurityHubActionDeps & { clock?: TrackClock },
) {
  const clock = deps.clock ?? systemClock;

  return createTemplateAction({
    id: 'securityhub:remediation:track',
    description:
      'Follows a staged Security Hub remediation through validation, approval, deploy, run and verification until it is verified, rejected or failed, as the user running the template. Fails when it is rejected or failed, or still running at the timeout.',
    examples,
    // Waiting for a pipeline has no meaning in a dry run, and there is no
    // remediation to follow (the stage step stages nothing then).
    supportsDryRun: false,
    schema: {
      input: {
        remediationId: z =>
          z
            .string()
            .uuid()
            .describe(
              'The remediation id, as securityhub:remediation:stage outputs it',
            ),
        timeoutMinutes: z =>
          z
            .number()
            .positive()
            .max(MAX_TIMEOUT_MINUTES)
            .default(DEFAULT_TIMEOUT_MINUTES)
            .describe(
              'How long to wait for a final status; the remediation goes on after it',
            ),
        pollSeconds: z =>
          z
            .number()
            .min(1)
            .max(MAX_POLL_SECONDS)
            .default(DEFAULT_POLL_SECONDS)
            .describe('Seconds between two reads of the remediation'),
      },
      output: {
        status: z => z.enum(REMEDIATION_STATUSES).describe('The final status'),
        stages: z =>
          z
            .array(
              z.object({
                name: z.enum(REMEDIATION_STAGES),
                status: z.enum(STAGE_STATUSES),
                summary: z.string().optional(),
                error: z.string().optional(),
              }),
            )
            .describe('The timeline stages and how each ended'),
        approval: z =>
          z
            .object({
              decision: z.enum(['approved', 'rejected']),
              by: z.string(),
              at: z.string(),
              comment: z.string(),
            })
            .nullable()
            .describe('Who decided, and how; null when nobody did'),
        deploy: z =>
          z
            .record(z.unknown())
            .nullable()
            .describe(
              'What the deploy did (mode, applied, stack, accounts, regions); null before it ran',
            ),
        verification: z =>
          z
            .object({
              complianceStatus: z.string(),
              at: z.string(),
              mode: z.string(),
              note: z.string(),
            })
            .nullable()
            .describe('The re-read of the finding; null before it ran'),
        remediationUrl: z =>
          z.string().describe('Portal page of the remediation'),
        summary: z =>
          z
            .string()
            .describe('A Markdown table of the stages, for the output text'),
      },
    },
    async handler(ctx) {
      const remediationId = checkedRemediationId(ctx.input.remediationId);
      const timeoutMinutes =
        ctx.input.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
      const pollSeconds = ctx.input.pollSeconds ?? DEFAULT_POLL_SECONDS;
      if (!(timeoutMinutes > 0 && timeoutMinutes <= MAX_TIMEOUT_MINUTES)) {
        throw new Error(
          `Invalid timeoutMinutes: expected more than 0 and at most ${MAX_TIMEOUT_MINUTES}`,
        );
      }
      if (!(pollSeconds >= 1 && pollSeconds <= MAX_POLL_SECONDS)) {
        throw new Error(
          `Invalid pollSeconds: expected 1 to ${MAX_POLL_SECONDS}`,
        );
      }
      const url = remediationUrlOf(remediationId);
      const client = await remediationsClientFor(deps, ctx);
      const deadline = clock.now() + timeoutMinutes * 60_000;
      const seen = new Map<string, string>();

      let detail: RemediationDetail | undefined;
      for (;;) {
        try {
          detail = await client.get(remediationId, ctx.signal);
          logChanges(detail, seen, ctx.logger);
        } catch (error) {
          if (ctx.signal?.aborted || !isPassing(error)) {
            throw describeCallError(
              error,
              {
                doing: `read remediation ${remediationId}`,
                subject: `Remediation ${remediationId}`,
                permission: 'read this remediation',
              },
              ctx.signal,
            );
          }
          // A restart of the backend or a throttled read: the record is
          // safe in the database, so keep waiting.
          ctx.logger.warn(
            `Could not read remediation ${remediationId} (${
              (error as Error).message
            }); trying again in ${pollSeconds}s`,
          );
        }
        if (detail && isTerminalRemediationStatus(detail.status)) break;
        if (clock.now() + pollSeconds * 1000 > deadline) {
          throw new Error(
            `Remediation ${remediationId} is still ${
              detail?.status ?? 'running'
            } after ${timeoutMinutes} minute(s). It goes on without this task: follow it at ${url}`,
          );
        }
        await clock.sleep(pollSeconds * 1000, ctx.signal);
      }

      const summary = remediationSummary(detail);
      ctx.output('status', detail.status);
      ctx.output(
        'stages',
        detail.stages.map(s => ({
          name: s.name,
          status: s.status,
          ...(s.summary ? { summary: s.summary } : {}),
          ...(s.error ? { error: s.error } : {}),
        })),
      );
      ctx.output('approval', detail.approval ? { ...detail.approval } : null);
      ctx.output('deploy', detail.deploy ? { ...detail.deploy } : null);
      ctx.output(
        'verification',
        detail.verification ? { ...detail.verification } : null,
      );
      ctx.output('remediationUrl', url);
      ctx.output('summary', summary);

      if (detail.status === 'rejected') {
        const comment = detail.approval?.comment;
        throw new Error(
          `Remediation ${remediationId} was rejected${
            detail.approval ? ` by ${detail.approval.by}` : ''
          }${comment ? `: ${comment}` : ''}. See ${url}`,
        );
      }
      if (detail.status === 'failed') {
        const failure = detail.error;
        throw new Error(
          `Remediation ${remediationId} failed${
            failure
              ? ` in stage ${failure.stage} after ${failure.attempts} attempt(s): ${failure.message}`
              : ''
          }. It can be retried from ${url}`,
        );
      }
      ctx.logger.info(
        `Remediation ${remediationId} is verified${
          detail.verification ? `: ${detail.verification.note}` : ''
        }`,
      );
    },
  });
}

/** Errors worth waiting through: throttling, server errors, no answer. */
function isPassing(error: unknown): boolean {
  if (error instanceof BackendRequestError) return error.retryable;
  return !(error instanceof SyntaxError);
}

/** Logs the status and each stage the first time they take a new value. */
function logChanges(
  detail: RemediationDetail,
  seen: Map<string, string>,
  logger: { info(message: string): void },
) {
  if (seen.get('status') !== detail.status) {
    seen.set('status', detail.status);
    logger.info(
      detail.status === 'awaiting_approval'
        ? `Remediation ${
            detail.id
          } is awaiting approval: an approver decides at ${remediationUrlOf(
            detail.id,
          )}`
        : `Remediation ${detail.id} is ${detail.status}`,
    );
  }
  for (const stage of detail.stages) {
    const key = `stage:${stage.name}`;
    if (seen.get(key) === stage.status) continue;
    const first = !seen.has(key);
    seen.set(key, stage.status);
    if (first && stage.status === 'pending') continue;
    const detailText = stage.error ?? stage.summary;
    logger.info(
      `Stage ${stage.name}: ${stage.status}${
        stage.mode === 'local' ? ' (local)' : ''
      }${detailText ? ` — ${detailText}` : ''}`,
    );
  }
}
