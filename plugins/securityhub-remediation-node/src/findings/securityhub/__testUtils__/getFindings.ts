import { createHash } from 'node:crypto';
import { ApiError } from './securityHubApiError';

interface DateFilter {
  Start?: string;
  End?: string;
  DateRange?: { Value?: number; Unit?: string };
}

function matchesDateFilters(value: unknown, filters: DateFilter[]): boolean {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) return false;
  // Several filters on one field are ORed, as in Security Hub.
  return filters.some(filter => {
    if (filter.DateRange?.Value !== undefined) {
      const days = filter.DateRange.Value;
      return time >= Date.now() - days * 86_400_000;
    }
    const start = filter.Start ? Date.parse(filter.Start) : -Infinity;
    const end = filter.End ? Date.parse(filter.End) : Infinity;
    return time >= start && time <= end;
  });
}

function queryFingerprint(body: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify([body.Filters ?? null, body.SortCriteria ?? null]))
    .digest('hex')
    .slice(0, 16);
}

function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint })).toString(
    'base64url',
  );
}

function decodeToken(token: string, fingerprint: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (
      decoded.fingerprint === fingerprint &&
      Number.isInteger(decoded.offset)
    ) {
      return decoded.offset;
    }
  } catch {
    // fall through: a token that does not parse is as invalid as a foreign one
  }
  throw new ApiError(
    400,
    'InvalidInputException',
    'The NextToken is invalid or belongs to a different query',
  );
}

/**
 * Answers `GetFindings` like Security Hub's REST-JSON API: `POST /findings`
 * with `Filters`, `SortCriteria`, `MaxResults` (1–100, default 100) and
 * `NextToken`. Only `Filters.UpdatedAt` and a `SortCriteria` on `UpdatedAt`
 * are applied; other filters are accepted and ignored.
 */
export function getFindings(
  body: Record<string, unknown>,
  findings: readonly object[],
): { page: object[]; offset: number; nextToken?: string } {
  const maxResults = body.MaxResults ?? 100;
  if (
    typeof maxResults !== 'number' ||
    !Number.isInteger(maxResults) ||
    maxResults < 1 ||
    maxResults > 100
  ) {
    throw new ApiError(
      400,
      'InvalidInputException',
      `MaxResults must be between 1 and 100, got ${JSON.stringify(maxResults)}`,
    );
  }
  let selected = [...findings];
  const filters = (body.Filters ?? {}) as { UpdatedAt?: DateFilter[] };
  if (filters.UpdatedAt?.length) {
    const dateFilters = filters.UpdatedAt;
    selected = selected.filter(f =>
      matchesDateFilters((f as { UpdatedAt?: unknown }).UpdatedAt, dateFilters),
    );
  }
  const sort = (
    body.SortCriteria as
      | Array<{ Field?: string; SortOrder?: string }>
      | undefined
  )?.[0];
  if (sort?.Field === 'UpdatedAt') {
    const direction = sort.SortOrder === 'desc' ? -1 : 1;
    const updatedAt = (f: object) =>
      Date.parse(String((f as { UpdatedAt?: unknown }).UpdatedAt));
    selected.sort((a, b) => direction * (updatedAt(a) - updatedAt(b)));
  }
  const fingerprint = queryFingerprint(body);
  const offset =
    typeof body.NextToken === 'string' && body.NextToken
      ? decodeToken(body.NextToken, fingerprint)
      : 0;
  const page = selected.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return {
    page,
    offset,
    nextToken:
      next < selected.length ? encodeToken(next, fingerprint) : undefined,
  };
}
