// zod 4 (shipped inside zod 3.25 as `zod/v4`): validating a finding is the
// largest CPU cost of a file import, and zod 4 parses objects ~2.5× faster.
import { z } from 'zod/v4';
import {
  COMPLIANCE_STATUSES,
  RECORD_STATES,
  SEVERITY_LABELS,
  WORKFLOW_STATUSES,
} from '../findings/constants';
import { isCertainlyValidAsffFinding } from './fastCheck';

const isoTimestamp = z
  .string()
  .refine(value => !Number.isNaN(Date.parse(value)), {
    message: 'must be an ISO 8601 timestamp',
  });

const resourceSchema = z.looseObject({
  Type: z.string().min(1),
  Id: z.string().min(1),
  Partition: z.string().optional(),
  Region: z.string().optional(),
  Tags: z.record(z.string(), z.string()).optional(),
});

/**
 * The AWS Security Finding Format fields the portal relies on. Required fields
 * follow `BatchImportFindings`; everything else is kept as it came
 * (loose objects) so the raw document can be shown and re-exported.
 *
 * @public
 */
export const asffFindingSchema = z.looseObject({
  SchemaVersion: z.string().min(1),
  Id: z.string().min(1).max(512),
  ProductArn: z.string().min(1),
  GeneratorId: z.string().min(1),
  AwsAccountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  Region: z.string().optional(),
  Types: z.array(z.string()).optional(),
  CreatedAt: isoTimestamp,
  UpdatedAt: isoTimestamp,
  FirstObservedAt: isoTimestamp.optional(),
  LastObservedAt: isoTimestamp.optional(),
  Severity: z
    .looseObject({
      Label: z.enum(SEVERITY_LABELS).optional(),
      Normalized: z.number().min(0).max(100).optional(),
      Original: z.string().optional(),
    })
    .refine(s => s.Label !== undefined || s.Normalized !== undefined, {
      message: 'needs Label or Normalized',
    }),
  Title: z.string().min(1),
  Description: z.string(),
  Resources: z.array(resourceSchema).min(1, 'must name at least one resource'),
  Compliance: z
    .looseObject({
      Status: z.enum(COMPLIANCE_STATUSES).optional(),
      SecurityControlId: z.string().optional(),
      AssociatedStandards: z
        .array(z.looseObject({ StandardsId: z.string() }))
        .optional(),
    })
    .optional(),
  Workflow: z
    .looseObject({ Status: z.enum(WORKFLOW_STATUSES).optional() })
    .optional(),
  WorkflowState: z.string().optional(),
  RecordState: z.enum(RECORD_STATES).optional(),
  Remediation: z
    .looseObject({
      Recommendation: z
        .looseObject({
          Text: z.string().optional(),
          Url: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  ProductFields: z.record(z.string(), z.string()).optional(),
  ProductName: z.string().optional(),
  CompanyName: z.string().optional(),
});

/** A validated ASFF finding. @public */
export type AsffFinding = z.infer<typeof asffFindingSchema>;

/** Shape printed by `aws securityhub get-findings`. @public */
export interface AsffGetFindingsDocument {
  Findings: AsffFinding[];
  NextToken?: string;
}

/**
 * Validates one finding. A missing required field reads "Required" rather
 * than zod's "expected string, received undefined".
 *
 * @public
 */
export function validateAsffFinding(value: unknown) {
  if (isCertainlyValidAsffFinding(value)) {
    // What the schema would answer: loose objects keep every key, nothing
    // is transformed.
    return {
      success: true as const,
      data: value as AsffFinding,
      error: undefined,
    };
  }
  return asffFindingSchema.safeParse(value, {
    error: issue =>
      issue.code === 'invalid_type' && issue.input === undefined
        ? 'Required'
        : undefined,
  });
}
