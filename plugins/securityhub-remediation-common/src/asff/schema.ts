import { z } from 'zod';
import {
  COMPLIANCE_STATUSES,
  RECORD_STATES,
  SEVERITY_LABELS,
  WORKFLOW_STATUSES,
} from '../findings/constants';

const isoTimestamp = z
  .string()
  .refine(value => !Number.isNaN(Date.parse(value)), {
    message: 'must be an ISO 8601 timestamp',
  });

const resourceSchema = z
  .object({
    Type: z.string().min(1),
    Id: z.string().min(1),
    Partition: z.string().optional(),
    Region: z.string().optional(),
    Tags: z.record(z.string()).optional(),
  })
  .passthrough();

/**
 * The AWS Security Finding Format fields the portal relies on. Required fields
 * follow `BatchImportFindings`; everything else is kept as it came
 * (`passthrough`) so the raw document can be shown and re-exported.
 *
 * @public
 */
export const asffFindingSchema = z
  .object({
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
      .object({
        Label: z.enum(SEVERITY_LABELS).optional(),
        Normalized: z.number().min(0).max(100).optional(),
        Original: z.string().optional(),
      })
      .passthrough()
      .refine(s => s.Label !== undefined || s.Normalized !== undefined, {
        message: 'needs Label or Normalized',
      }),
    Title: z.string().min(1),
    Description: z.string(),
    Resources: z
      .array(resourceSchema)
      .min(1, 'must name at least one resource'),
    Compliance: z
      .object({
        Status: z.enum(COMPLIANCE_STATUSES).optional(),
        SecurityControlId: z.string().optional(),
        AssociatedStandards: z
          .array(z.object({ StandardsId: z.string() }).passthrough())
          .optional(),
      })
      .passthrough()
      .optional(),
    Workflow: z
      .object({ Status: z.enum(WORKFLOW_STATUSES).optional() })
      .passthrough()
      .optional(),
    WorkflowState: z.string().optional(),
    RecordState: z.enum(RECORD_STATES).optional(),
    Remediation: z
      .object({
        Recommendation: z
          .object({ Text: z.string().optional(), Url: z.string().optional() })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .optional(),
    ProductFields: z.record(z.string()).optional(),
    ProductName: z.string().optional(),
    CompanyName: z.string().optional(),
  })
  .passthrough();

/** A validated ASFF finding. @public */
export type AsffFinding = z.infer<typeof asffFindingSchema>;

/** Shape printed by `aws securityhub get-findings`. @public */
export interface AsffGetFindingsDocument {
  Findings: AsffFinding[];
  NextToken?: string;
}
