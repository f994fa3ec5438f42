import type { Request } from 'express';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import type {
  FindingScope,
  FindingScopeQuery,
} from '../services/FindingsStore';
import { findingReadScope } from './findingReadScope';

type ReadScope = FindingScope | 'none';

/** Entries kept at most; the oldest go first beyond it. */
const MAX_ENTRIES = 10_000;

/**
 * Read decisions per bearer token, kept for a few seconds. Every findings
 * view makes two requests (list and summary) and a page makes several views;
 * each would otherwise verify the token's signature again and ask the
 * permission backend over HTTP, which under load cost more than the queries
 * and were the first to fail.
 *
 * The trade-off: a changed policy or group membership reaches findings reads
 * up to `ttlMs` later (a denied user stays denied as long, too). An entry is
 * keyed by the exact token string, so only a token that was verified is
 * trusted again, and never past its own expiry. 0 turns the cache off.
 */
export class FindingReadScopeCache {
  private readonly entries = new Map<
    string,
    { scope: Promise<ReadScope>; expiresAt: number }
  >();

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      transformConditions: ConditionTransformer<FindingScopeQuery>;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  /** The read scope of the caller of `req`, whom `authenticate` verifies. */
  async scope(
    req: Request,
    authenticate: () => Promise<BackstageCredentials>,
  ): Promise<ReadScope> {
    const { permissions, transformConditions, ttlMs } = this.options;
    const token = bearerToken(req);
    if (ttlMs <= 0 || !token) {
      return findingReadScope(
        permissions,
        transformConditions,
        await authenticate(),
      );
    }
    const now = this.options.now?.() ?? Date.now();
    const cached = this.entries.get(token);
    if (cached && cached.expiresAt > now) return cached.scope;

    // Concurrent requests with one token share one verification and call.
    const entry = { scope: Promise.resolve<ReadScope>('none'), expiresAt: 0 };
    entry.scope = authenticate().then(credentials => {
      entry.expiresAt = Math.min(
        now + ttlMs,
        credentials.expiresAt?.getTime() ?? Infinity,
      );
      return findingReadScope(permissions, transformConditions, credentials);
    });
    // Shared while in flight; kept only once it has an expiry.
    entry.expiresAt = now + ttlMs;
    this.entries.delete(token);
    this.entries.set(token, entry);
    entry.scope.catch(() => {
      if (this.entries.get(token) === entry) this.entries.delete(token);
    });
    if (this.entries.size > MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return entry.scope;
  }
}

function bearerToken(req: Request): string | undefined {
  const match = /^Bearer[ ]+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
