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
 * Which control characters (U+0000–U+001F, U+007F–U+009F) a text may hold:
 * none (ids, codes), only tab, newline and carriage return (free text), or
 * all but NUL (values stored from findings, such as titles). @public
 */
export type AllowedControlCharacters = 'none' | 'whitespace' | 'all-but-nul';

const isControl = (code: number) =>
  code < 0x20 || (code >= 0x7f && code <= 0x9f);
const isWhitespaceControl = (code: number) =>
  code === 0x09 || code === 0x0a || code === 0x0d;
const hex = (code: number) =>
  `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why a text must not reach SQL, or undefined when it may. PostgreSQL cannot
 * hold NUL in text (the query fails) and SQLite cuts a string at it (`q=%00`
 * became the pattern `%`, matching everything); a lone surrogate is not
 * Unicode text and cannot be encoded as UTF-8.
 *
 * @public
 */
export function unsafeTextProblem(
  text: string,
  allowed: AllowedControlCharacters,
): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const at = `at character ${i + 1}`;
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        i++;
        continue;
      }
      return `must be Unicode text (found a lone surrogate ${hex(code)} ${at})`;
    }
    if (!isControl(code)) continue;
    const permitted =
      code !== 0 &&
      (allowed === 'all-but-nul' ||
        (allowed === 'whitespace' && isWhitespaceControl(code)));
    if (!permitted) {
      return `must not contain control characters (found ${hex(code)} ${at})`;
    }
  }
  return undefined;
}

/**
 * A string parameter checked by `unsafeTextProblem` before `schema` sees it,
 * so every text that can reach SQL (a filter value, `q`, an id, a cursor) is
 * refused with a 400 naming the parameter, never a database error.
 */
function sqlText<T extends z.ZodType<unknown, z.ZodTypeDef, string>>(
  allowed: AllowedControlCharacters,
  schema: T,
): z.ZodType<z.output<T>, z.ZodTypeDef, z.input<T>> {
  // A pipe: `schema` runs only on safe text, so one clear issue is reported.
  return z
    .string()
    .superRefine((text, ctx) => {
      const problem = unsafeTextProblem(text, allowed);
      if (problem) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }
    })
    .pipe(schema) as z.ZodType<z.output<T>, z.ZodTypeDef, z.input<T>>;
}

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
  }, z.array(sqlText('none', item)).max(max, `at most ${max} values`).optional());
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

// AWS tag keys and values may hold letters, digits, spaces and _ . : / = + - @
// but not commas, which separate list values here. The key ends at the
// first '='.
const resourceTag = z
  .string()
  .regex(
    /^[^=]{1,128}=.{0,256}$/u,
    'must be a resource tag as key=value, such as team=payments',
  );
const resourceIdPrefix = z
  .string()
  .min(3, 'must be at least 3 characters, such as arn:aws:s3:::payments-')
  .max(512, 'at most 512 characters');

/** A Security Hub finding id (usually an ARN), as stored: at most 512 characters. @public */
export const findingIdSchema = sqlText(
  'none',
  z.string().min(1, 'must not be empty').max(512, 'at most 512 characters'),
);

/** Path parameters of `GET /v1/findings/:id`. @public */
export const findingPathParamsSchema = z.object({ id: findingIdSchema });

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
  /**
   * `key=value` tags a finding's resources carry; every one given must be
   * carried (by any of its resources).
   */
  resourceTag: listOf(resourceTag, 20),
  /** Prefixes of a resource id (an ARN) of the finding; any one matches. */
  resourceIdPrefix: listOf(resourceIdPrefix, 20),
  /** Case-insensitive text matched against title, control, resource ids and account. */
  q: sqlText(
    'whitespace',
    z.string().trim().max(200, 'at most 200 characters'),
  ).optional(),
};

/** Query of `GET /v1/findings/summary`. Unknown parameters are rejected. @public */
export const findingsFilterSchema = z.object(findingsFilterShape).strict();

/** @public */
export type FindingsFilter = z.infer<typeof findingsFilterSchema>;

/**
 * Open findings, what still needs fixing: failed, not yet suppressed or
 * resolved, active. The findings page opens on it and trends count it.
 *
 * @public
 */
export const OPEN_FINDINGS_FILTER: FindingsFilter = {
  complianceStatus: ['FAILED'],
  workflowStatus: ['NEW', 'NOTIFIED'],
  recordState: ['ACTIVE'],
};

/** Sort fields shared by the list and export routes. @public */
export const findingsSortShape = {
  sort: sqlText('none', z.enum(FINDING_SORT_FIELDS)).default('severity'),
  order: sqlText('none', z.enum(['asc', 'desc'])).default('desc'),
};

/**
 * The deepest row a page jump (`offset`) may start at: 200 pages of 50. An
 * offset reads every row before it, so deeper pages are reached with Next,
 * whose keyset cursor reads only its page.
 * @public
 */
export const FINDINGS_MAX_OFFSET = 10_000;

/** Query of `GET /v1/findings`. Unknown parameters are rejected. @public */
export const findingsListQuerySchema = z
  .object({
    ...findingsFilterShape,
    ...findingsSortShape,
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1)
      .max(FINDINGS_PAGE_SIZE.max)
      .default(FINDINGS_PAGE_SIZE.default),
    // Opaque to zod: the store decodes it and checks every field.
    cursor: sqlText(
      'none',
      z
        .string()
        .max(
          2048,
          'at most 2048 characters, the longest cursor this API returns; start from the first page',
        ),
    ).optional(),
    // A jump to a page not reached by cursors (the pager's "Go to page").
    offset: z.coerce
      .number()
      .int('must be a whole number')
      .min(0)
      .max(
        FINDINGS_MAX_OFFSET,
        `at most ${FINDINGS_MAX_OFFSET}: deeper pages are reached with Next (each page's cursor), or narrow the filters`,
      )
      .optional(),
  })
  .strict()
  .refine(query => !(query.cursor && query.offset), {
    message: 'give cursor or offset, not both',
    path: ['offset'],
  });

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
