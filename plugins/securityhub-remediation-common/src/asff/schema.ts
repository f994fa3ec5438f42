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
import { checkAsffFindingBounds } from './limits';
import { parseAsffTimestamp } from './timestamps';

const isoTimestamp = z
  .string()
  .refine(value => !Number.isNaN(parseAsffTimestamp(value)), {
    message: 'must be an ISO 8601 timestamp such as 2024-05-01T10:00:00Z',
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

/** Fields a finding provider may set only in `FindingProviderFields`. */
const PROVIDER_FIELDS = ['Severity', 'Types'] as const;

/**
 * The finding with `Severity` and `Types` taken from `FindingProviderFields`
 * where the top-level ones are absent, as Security Hub fills them in on
 * `BatchImportFindings` (its guide asks providers to set only
 * `FindingProviderFields`). A new object when a field was taken, else the
 * value itself; the names of the fields taken.
 */
function withProviderFields(value: unknown): {
  value: unknown;
  taken: string[];
} {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { value, taken: [] };
  }
  const finding = value as Record<string, unknown>;
  const provider = finding.FindingProviderFields as
    | Record<string, unknown>
    | undefined;
  if (provider === null || typeof provider !== 'object') {
    return { value, taken: [] };
  }
  const taken = PROVIDER_FIELDS.filter(
    field => finding[field] === undefined && provider[field] !== undefined,
  );
  if (taken.length === 0) return { value, taken };
  const filled = { ...finding };
  for (const field of taken) filled[field] = provider[field];
  return { value: filled, taken };
}

/**
 * Validates one finding: within `ASFF_FINDING_MAX_DEPTH` and
 * `ASFF_FINDING_MAX_CHARACTERS`, then against {@link asffFindingSchema},
 * with `Severity` and `Types` taken from `FindingProviderFields` when only
 * that carries them (then `data` is a copy with the top-level fields set).
 * A missing required field reads "Required" rather than zod's "expected
 * string, received undefined"; an issue in a field taken from
 * `FindingProviderFields` is reported at its path there.
 *
 * @public
 */
export function validateAsffFinding(value: unknown) {
  const outOfBounds = checkAsffFindingBounds(value);
  if (outOfBounds) {
    return {
      success: false as const,
      data: undefined,
      error: new z.ZodError([
        {
          code: 'custom',
          path: outOfBounds.path,
          message: outOfBounds.message,
          input: undefined,
        },
      ]),
    };
  }
  const { value: finding, taken } = withProviderFields(value);
  if (isCertainlyValidAsffFinding(finding)) {
    // What the schema would answer: loose objects keep every key, nothing
    // is transformed.
    return {
      success: true as const,
      data: finding as AsffFinding,
      error: undefined,
    };
  }
  const result = asffFindingSchema.safeParse(finding, {
    error: issue => {
      if (issue.code !== 'invalid_type' || issue.input !== undefined) {
        return undefined;
      }
      return issue.path?.length === 1 && issue.path[0] === 'Severity'
        ? 'Required (in Severity or FindingProviderFields.Severity)'
        : 'Required';
    },
  });
  if (result.success || taken.length === 0) return result;
  return {
    success: false as const,
    data: undefined,
    error: new z.ZodError(
      result.error.issues.map(issue =>
        taken.includes(issue.path[0] as string)
          ? { ...issue, path: ['FindingProviderFields', ...issue.path] }
          : issue,
      ),
    ),
  };
}
