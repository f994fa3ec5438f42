/**
 * Segments under `/v1/findings/` that the backend routes before `:id`. Express
 * matches them case-insensitively, so `Summary` reads the summary too. Keep
 * in step with the findings routes of the backend router.
 */
const FINDINGS_SUB_ROUTES = ['summary'];

/**
 * `.` and `..` are dot segments: every URL parser (fetch included) resolves
 * them before the request leaves, encoded as `%2e` or not, so
 * `/v1/findings/..` would become `/v1/`.
 */
const DOT_SEGMENTS = ['.', '..'];

/**
 * Why `GET /v1/findings/:id` cannot carry this finding id (it would select
 * another route), or undefined. ASFF allows any id of up to 512 characters
 * and sources other than Security Hub's own controls use ids that are not
 * ARNs, so everything else is read as it is; the colliding ids are ones no
 * finding source produces.
 *
 * @public
 */
export function findingIdPathProblem(findingId: string): string | undefined {
  if (FINDINGS_SUB_ROUTES.includes(findingId.toLowerCase())) {
    return `Invalid finding id "${findingId}": that is the findings API's ${findingId.toLowerCase()} route, not a finding id; pass the id (usually an ARN) shown on the findings page`;
  }
  if (DOT_SEGMENTS.includes(findingId)) {
    return `Invalid finding id "${findingId}": a URL cannot carry a dot segment as a finding id; pass the id (usually an ARN) shown on the findings page`;
  }
  return undefined;
}

/**
 * The path of `GET /v1/findings/:id`; call {@link findingIdPathProblem}
 * first. Finding ids are usually ARNs: slashes and colons stay inside one
 * segment.
 *
 * @public
 */
export function findingPath(findingId: string): string {
  return `/v1/findings/${encodeURIComponent(findingId)}`;
}
