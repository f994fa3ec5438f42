import { z } from 'zod';
import { WORKFLOW_STATUSES, type WorkflowStatus } from './constants';
import { findingIdSchema, unsafeTextProblem } from './query';

/** Findings one triage request may change (BatchUpdateFindings takes 100 per call). @public */
export const TRIAGE_MAX_FINDINGS = 100;

/** Security Hub's limit of `Note.Text`. @public */
export const TRIAGE_NOTE_MAX_LENGTH = 512;

const noteSchema = z
  .string()
  .superRefine((text, ctx) => {
    const problem = unsafeTextProblem(text, 'whitespace');
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  })
  .pipe(
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(
        TRIAGE_NOTE_MAX_LENGTH,
        `at most ${TRIAGE_NOTE_MAX_LENGTH} characters (Security Hub's note limit)`,
      ),
  );

/**
 * Body of `POST /v1/findings/triage`: a new workflow status, a note, or
 * both, for up to 100 findings.
 *
 * @public
 */
export const findingsTriageRequestSchema = z
  .object({
    findingIds: z
      .array(findingIdSchema)
      .min(1, 'must name at least one finding')
      .max(
        TRIAGE_MAX_FINDINGS,
        `at most ${TRIAGE_MAX_FINDINGS} findings per request`,
      )
      .refine(ids => new Set(ids).size === ids.length, {
        message: 'must not repeat a finding id',
      }),
    workflowStatus: z.enum(WORKFLOW_STATUSES).optional(),
    note: noteSchema.optional(),
  })
  .strict()
  .refine(
    body => body.workflowStatus !== undefined || body.note !== undefined,
    {
      message: 'set a workflowStatus, a note, or both',
    },
  );

/** @public */
export type FindingsTriageRequest = z.infer<typeof findingsTriageRequestSchema>;

/** The outcome of a triage for one finding. @public */
export interface FindingTriageResult {
  findingId: string;
  status: 'updated' | 'failed';
  /** Why it failed: not found, or the error Security Hub gave. */
  reason?: string;
}

/** Answer of `POST /v1/findings/triage`. @public */
export interface FindingsTriageResponse {
  results: FindingTriageResult[];
  updated: number;
  failed: number;
}

/** What a triage changes on each finding. @public */
export interface FindingTriageChange {
  workflowStatus?: WorkflowStatus;
  note?: string;
}
