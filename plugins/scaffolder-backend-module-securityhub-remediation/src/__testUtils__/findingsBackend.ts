import http from 'http';
import type { AddressInfo } from 'net';
import {
  asffFindingFixture,
  normalizeAsffFinding,
  type FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';

const BASE_PATH = '/api/securityhub-remediation';

type Answer = { status: number; body: unknown };

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

function error(status: number, name: string, message: string): Answer {
  return { status, body: { error: { name, message } } };
}

/**
 * A real HTTP server with the findings read routes in the backend's order:
 * `/v1/findings`, then `/v1/findings/summary` (matched case-insensitively,
 * as Express does), then `/v1/findings/:id` (one segment, decoded). Findings
 * are served by id; `denied` answers 403 as a user without the read
 * permission gets. Every request path is recorded as it arrived.
 */
export class FindingsBackend {
  readonly paths: string[] = [];
  readonly findings = new Map<string, FindingDetail>();
  denied = false;
  private server?: http.Server;
  private port = 0;

  reset(): void {
    this.paths.length = 0;
    this.findings.clear();
    this.denied = false;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.paths.push(req.url ?? '');
      const answer = this.answer(req.method ?? 'GET', req.url ?? '');
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** The DiscoveryService the actions get. */
  get discovery() {
    const url = () => `http://127.0.0.1:${this.port}${BASE_PATH}`;
    return {
      getBaseUrl: async () => url(),
      getExternalBaseUrl: async () => url(),
    };
  }

  private answer(method: string, url: string): Answer {
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
