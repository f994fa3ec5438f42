import { z } from 'zod';
import { REMEDIATION_STATUSES } from './states';

/** Longest approval comment, in characters. */
export const MAX_APPROVAL_COMMENT_CHARS = 2000;
/** Default and largest page of `GET /v1/remediations`. */
export const REMEDIATIONS_PAGE_SIZE = 50;
export const MAX_REMEDIATIONS_PAGE_SIZE = 200;

const findingId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(512, 'must be at most 512 characters')
  .refine(
    id => ![...id].some(c => c.charCodeAt(0) < 0x20),
    'must not contain control characters',
  );

/** Remediation ids are UUIDs the backend makes. */
export const remediationIdSchema = z
  .string()
  .uuid('must be a remediation id (a UUID)');

const templateHash = z
  .string()
  .regex(/^[a-f0-9]{64}$/, 'must be the sha256 (hex) the preview returned');

/** `POST /v1/remediations/preview`: what a remediation of this finding would be. */
export const remediationPreviewRequestSchema = z.object({ findingId }).strict();

/**
 * `POST /v1/remediations`: generate and stage. `templateHash` names the
 * reviewed template: if what the backend renders now differs, it refuses
 * (409) rather than stage something nobody reviewed.
 */
export const createRemediationRequestSchema = z
  .object({
    findingId,
    templateHash,
    /**
     * Makes a repeated submit (double click, a retried scaffolder step)
     * answer the first one's remediation instead of making a second.
     */
    idempotencyKey: z
      .string()
      .regex(
        /^[A-Za-z0-9._:-]{8,128}$/,
        'must be 8–128 letters, digits or . _ : -',
      )
      .optional(),
  })
  .strict();

/** `POST /v1/remediations/:id/decision`: approve or reject the waiting approval. */
export const remediationDecisionRequestSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z
      .string()
      .trim()
      .max(
        MAX_APPROVAL_COMMENT_CHARS,
        `must be at most ${MAX_APPROVAL_COMMENT_CHARS} characters`,
      )
      .default(''),
    /** The approval token the approver saw; a stale one gets 409. */
    approvalToken: z.string().min(1).max(2048),
  })
  .strict()
  .refine(body => body.decision === 'approve' || body.comment.length > 0, {
    message: 'a rejection needs a comment',
    path: ['comment'],
  });

/** `GET /v1/remediations` */
export const remediationsListQuerySchema = z
  .object({
    findingId: findingId.optional(),
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    status: z.enum(REMEDIATION_STATUSES).optional(),
    /** Only records still in flight (not verified, rejected or failed). */
    open: z.enum(['true', 'false']).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_REMEDIATIONS_PAGE_SIZE)
      .default(REMEDIATIONS_PAGE_SIZE),
    cursor: z.string().max(512).optional(),
  })
  .strict();

export type RemediationPreviewRequest = z.infer<
  typeof remediationPreviewRequestSchema
>;
export type CreateRemediationRequest = z.infer<
  typeof createRemediationRequestSchema
>;
export type RemediationDecisionRequest = z.input<
  typeof remediationDecisionRequestSchema
>;
export type RemediationsListQuery = z.input<typeof remediationsListQuerySchema>;
