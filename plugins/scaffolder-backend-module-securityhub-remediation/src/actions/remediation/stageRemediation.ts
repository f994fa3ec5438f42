import { createHash } from 'crypto';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  REMEDIATION_STATUSES,
  type RemediationDetail,
  type RemediationStatus,
} from '@internal/plugin-securityhub-remediation-common';
import {
  describeCallError,
  remediationsClientFor,
  remediationUrlOf,
  type SecurityHubActionDeps,
} from '../onBehalfOfInitiator';
import { blockedReasonOf } from './generateRemediation';
import { examples } from './stageRemediation.examples';
import {
  checkedFindingId,
  checkedTemplateHash,
  IDEMPOTENCY_KEY_PATTERN,
  MAX_FINDING_ID_LENGTH,
} from '../inputs';

/** The checkpoint holding the staged record, so a restarted task reuses it. */
export const STAGE_CHECKPOINT_KEY = 'stage-remediation';

/** What the checkpoint stores: JSON, and all the outputs need. */
type StagedRemediation = {
  remediationId: string;
  commitId: string;
  files: string[];
  repository: string;
  branch: string;
  status: RemediationStatus;
};

/**
 * Stages the reviewed remediation of a finding (commits template and
 * parameters to the remediation repository) as the user who runs the
 * template.
 *
 * @public
 */
export function createStageRemediationAction(deps: SecurityHubActionDeps) {
  return createTemplateAction({
    id: 'securityhub:remediation:stage',
    description:
      'Stages the reviewed remediation of a Security Hub finding: commits `deploy/<name>.yaml` and its parameters file to the remediation repository, which starts its pipeline. Acts as the user running the template, who needs `securityhub.remediation.create`. Refuses when the template renders differently from the reviewed hash.',
    examples,
    // A dry run calls only the read-only preview: it checks the hash and
    // shows which files would be staged, and commits nothing.
    supportsDryRun: true,
    schema: {
      input: {
        findingId: z =>
          z
            .string()
            .min(1)
            .max(MAX_FINDING_ID_LENGTH)
            .regex(/\S/, 'must not be blank')
            .describe('The Security Hub finding id (usually its ARN)'),
        templateHash: z =>
          z
            .string()
            .regex(/^\s*[a-fA-F0-9]{64}\s*$/, 'must be a sha256 (hex)')
            .describe(
              'sha256 (hex) of the reviewed template and parameters, as the review step or securityhub:remediation:generate outputs it',
            ),
        idempotencyKey: z =>
          z
            .string()
            .regex(IDEMPOTENCY_KEY_PATTERN, '8–128 letters, digits or . _ : -')
            .optional()
            .describe(
              'Makes a repeated stage answer the first remediation; by default derived from the task, step and finding',
            ),
      },
      output: {
        remediationId: z =>
          z.string().describe("The remediation id; '' in a dry run"),
        commitId: z =>
          z.string().describe("The commit that staged it; '' in a dry run"),
        files: z =>
          z
            .array(z.string())
            .describe(
              'The staged files (in a dry run: the files it would stage)',
            ),
        repository: z =>
          z.string().describe("The repository name; '' in a dry run"),
        branch: z => z.string().describe("The branch; '' in a dry run"),
        status: z =>
          z
            .enum(REMEDIATION_STATUSES)
            .describe('`staged` (or later); `generated` in a dry run'),
        remediationUrl: z =>
          z
            .string()
            .describe(
              "Portal page of the remediation: `/securityhub/remediations/<id>`; '' in a dry run",
            ),
      },
    },
    async handler(ctx) {
      const findingId = checkedFindingId(ctx.input.findingId);
      const templateHash = checkedTemplateHash(ctx.input.templateHash);
      const idempotencyKey =
        ctx.input.idempotencyKey?.trim() ||
        defaultIdempotencyKey(ctx.task.id, ctx.step?.id, findingId);
      if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
        throw new Error(
          'Invalid idempotencyKey: expected 8–128 letters, digits or . _ : -',
        );
      }
      const client = await remediationsClientFor(deps, ctx);
      const call = {
        doing: `stage the remediation of finding ${findingId}`,
        subject: `Finding ${findingId}`,
        permission: 'stage Security Hub remediations',
      };

      if (ctx.isDryRun) {
        let preview;
        try {
          preview = await client.preview(findingId, ctx.signal);
        } catch (error) {
          throw describeCallError(error, call, ctx.signal);
        }
        const blockedReason = blockedReasonOf(preview);
        if (blockedReason) {
          throw new Error(`Could not ${call.doing}: ${blockedReason}`);
        }
        if (preview.templateHash !== templateHash) {
          throw new Error(
            `Could not ${call.doing}: the template renders differently now (hash ${preview.templateHash}) from the reviewed one (${templateHash}); review it again`,
          );
        }
        const files = [
          `deploy/${preview.name}.yaml`,
          `deploy/parameters/${preview.name}-params.json`,
        ];
        ctx.logger.info(
          `Dry run: would stage ${files.join(
            ' and ',
          )} for finding ${findingId} (idempotency key ${idempotencyKey})`,
        );
        ctx.output('remediationId', '');
        ctx.output('commitId', '');
        ctx.output('files', files);
        ctx.output('repository', '');
        ctx.output('branch', '');
        ctx.output('status', 'generated');
        ctx.output('remediationUrl', '');
        return;
      }

      // The checkpoint keeps the staged record across a task restart; the
      // idempotency key covers a crash between commit and checkpoint.
      const staged = await ctx.checkpoint<StagedRemediation>({
        key: checkpointKey(ctx.each, findingId),
        fn: async () => {
          let detail: RemediationDetail;
          try {
            detail = await client.create(
              { findingId, templateHash, idempotencyKey },
              ctx.signal,
            );
          } catch (error) {
            throw describeCallError(error, call, ctx.signal);
          }
          return stagedOf(detail);
        },
      });

      ctx.logger.info(
        `Remediation ${staged.remediationId} is ${
          staged.status
        }: ${staged.files.join(', ')} committed to ${staged.repository}@${
          staged.branch
        } (${staged.commitId}). Follow it at ${remediationUrlOf(
          staged.remediationId,
        )}`,
      );
      ctx.output('remediationId', staged.remediationId);
      ctx.output('commitId', staged.commitId);
      ctx.output('files', staged.files);
      ctx.output('repository', staged.repository);
      ctx.output('branch', staged.branch);
      ctx.output('status', staged.status);
      ctx.output('remediationUrl', remediationUrlOf(staged.remediationId));
    },
  });
}

function stagedOf(detail: RemediationDetail): StagedRemediation {
  return {
    remediationId: detail.id,
    commitId: detail.repository?.commitId ?? '',
    files: detail.repository?.files ?? [],
    repository: detail.repository?.name ?? '',
    branch: detail.repository?.branch ?? '',
    status: detail.status,
  };
}

/** Short, stable and key-safe stand-in for a finding id. */
function findingDigest(findingId: string): string {
  return createHash('sha256').update(findingId).digest('hex').slice(0, 12);
}

/**
 * The same task, step and finding give the same key, so re-running the task
 * answers the remediation it staged before instead of staging another.
 */
export function defaultIdempotencyKey(
  taskId: string,
  stepId: string | undefined,
  findingId: string,
): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._:-]/g, '_');
  const step = stepId ? `:${safe(stepId).slice(0, 40)}` : '';
  return `scaffolder:${safe(taskId).slice(0, 60)}${step}:${findingDigest(
    findingId,
  )}`;
}

/** Checkpoints are per step; a step run `each` item needs one per finding. */
function checkpointKey(each: unknown, findingId: string): string {
  return each
    ? `${STAGE_CHECKPOINT_KEY}-${findingDigest(findingId)}`
    : STAGE_CHECKPOINT_KEY;
}
