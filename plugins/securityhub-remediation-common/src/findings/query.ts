import { z } from 'zod';
import {
  COMPLIANCE_STATUSES,
  FINDING_SORT_FIELDS,
  FINDINGS_PAGE_SIZE,
  RECORD_STATES,
  SEVERITY_LABELS,
  WORKFLOW_STATUSES,
} from './constants';

/**
 * A multi-valued query parameter: accepts `?a=x&a=y` and `?a=x,y`.
 */
function listOf<T extends z.ZodTypeAny>(item: T, max = 100) {
  return z.preprocess(value => {
    if (value === undefined) return undefined;
    const values = Array.isArray(value) ? value : [value];
    return values
      .flatMap(v => (typeof v === 'string' ? v.split(',') : [v]))
      .map(v => (typeof v === 'string' ? v.trim() : v))
      .filter(v => v !== '');
  }, z.array(item).max(max, `at most ${max} values`).optional());
}

/** A 12-digit AWS account id. @public */
export const awsAccountIdSchema = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
/** An AWS region such as `us-east-1`. @public */
export const awsRegionSchema = z
  .string()
  .regex(
    /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
    'must be an AWS region such as us-east-1',
  );
const accountId = awsAccountIdSchema;
const region = awsRegionSchema;
const controlId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*\.\d+$/, 'must be a control id such as S3.5');
const resourceType = z
  .string()
  .regex(
    /^[A-Za-z0-9:]{1,128}$/,
    'must be an ASFF resource type such as AwsS3Bucket',
  );

/** Filter fields shared by the list and summary routes. @public */
export const findingsFilterShape = {
  accountId: listOf(accountId),
  region: listOf(region),
  severity: listOf(z.enum(SEVERITY_LABELS)),
  controlId: listOf(controlId),
  complianceStatus: listOf(z.enum(COMPLIANCE_STATUSES)),
  workflowStatus: listOf(z.enum(WORKFLOW_STATUSES)),
  recordState: listOf(z.enum(RECORD_STATES)),
  resourceType: listOf(resourceType),
  /** Case-insensitive text matched against title, control, resource ids and account. */
  q: z.string().trim().max(200, 'at most 200 characters').optional(),
};

/** Query of `GET /v1/findings/summary`. Unknown parameters are rejected. @public */
export const findingsFilterSchema = z.object(findingsFilterShape).strict();

/** @public */
export type FindingsFilter = z.infer<typeof findingsFilterSchema>;

/** Query of `GET /v1/findings`. Unknown parameters are rejected. @public */
export const findingsListQuerySchema = z
  .object({
    ...findingsFilterShape,
    sort: z.enum(FINDING_SORT_FIELDS).default('severity'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1)
      .max(FINDINGS_PAGE_SIZE.max)
      .default(FINDINGS_PAGE_SIZE.default),
    cursor: z.string().max(2048).optional(),
  })
  .strict();

/** @public */
export type FindingsListQuery = z.infer<typeof findingsListQuerySchema>;

/** @public */
export type FindingsListRequest = z.input<typeof findingsListQuerySchema>;

/**
 * Serializes a filter or list query into URL search params (lists as
 * repeated keys), the inverse of the schemas above.
 *
 * @public
 */
export function toFindingsSearchParams(
  query: Partial<Record<string, string | number | string[] | undefined>>,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) value.forEach(v => params.append(key, v));
    else params.append(key, String(value));
  }
  return params;
}

/**
 * Formats zod issues as one line a person can act on, naming each parameter.
 * @public
 */
export function describeZodError(error: {
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>;
}): string {
  return error.issues
    .map(issue => {
      const path = issue.path.length
        ? issue.path.map(String).join('.')
        : 'request';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
