import {
  asffFindingFixture,
  normalizeAsffFinding,
  type FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';
import {
  BASE_PATH,
  errorAnswer,
  PluginBackend,
  type Answer,
  type RecordedRequest,
} from './pluginBackend';

/** A stored S3.5 finding as the backend serves it, built from a real ASFF fixture. */
export function findingDetail(
  overrides: Partial<FindingDetail> = {},
): FindingDetail {
  const raw = asffFindingFixture({
    accountId: '111122223333',
    region: 'us-east-1',
    controlId: 'S3.5',
    severity: 'HIGH',
    resourceId: 'arn:aws:s3:::payments-invoices',
    suffix: '7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b',
  });
  return {
    ...normalizeAsffFinding(raw),
    firstSeenAt: '2026-11-20T10:05:00.000Z',
    lastSeenAt: '2026-11-21T10:05:00.000Z',
    resolvedAt: null,
    sourceId: 'demo',
    raw,
    ...overrides,
  };
}

const error = errorAnswer;

/**
 * A real HTTP server with the findings read routes in the backend's order:
 * `/v1/findings`, then `/v1/findings/summary` (matched case-insensitively,
 * as Express does), then `/v1/findings/:id` (one segment, decoded). Findings
 * are served by id; `denied` answers 403 as a user without the read
 * permission gets. Every request path is recorded as it arrived.
 */
export class FindingsBackend extends PluginBackend {
  readonly findings = new Map<string, FindingDetail>();
  denied = false;

  /** Every request path as it arrived. */
  get paths(): string[] {
    return this.requests.map(r => r.path);
  }

  reset(): void {
    this.requests.length = 0;
    this.findings.clear();
    this.denied = false;
  }

  protected answer({ method, path: url }: RecordedRequest): Answer {
    const path = url.split('?')[0].replace(BASE_PATH, '');
    if (method !== 'GET') return error(404, 'NotFoundError', 'No route');
    if (this.denied && path.startsWith('/v1/findings')) {
      return error(
        403,
        'NotAllowedError',
        'You are not allowed to read Security Hub findings',
      );
    }
    if (path === '/v1/findings') {
      return { status: 200, body: { items: [], totalCount: 0 } };
    }
    if (path.toLowerCase() === '/v1/findings/summary') {
      return { status: 200, body: { total: 0, bySeverity: {} } };
    }
    const match = path.match(/^\/v1\/findings\/([^/]+)$/);
    if (match) {
      const id = decodeURIComponent(match[1]);
      const finding = this.findings.get(id);
      return finding
        ? { status: 200, body: finding }
        : error(404, 'NotFoundError', `No finding with id ${id}`);
    }
    return error(404, 'NotFoundError', `No route GET ${path}`);
  }
}
