import { createHash } from 'crypto';
import { promisify } from 'util';
import { gzip } from 'zlib';
import type express from 'express';

const gzipAsync = promisify(gzip);

/** A response body, serialized once and compressed on first demand. */
interface CachedBody {
  json: Buffer;
  etag: string;
  gzip?: Promise<Buffer>;
}

/** Bodies kept at most (by count and by size); the least recently used go first. */
const MAX_ENTRIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;

/** The JSON of what `compute` answers, with its ETag. */
async function serialize(compute: () => Promise<unknown>): Promise<CachedBody> {
  const json = Buffer.from(JSON.stringify(await compute()));
  const hash = createHash('sha1').update(json).digest('base64url');
  return { json, etag: `W/"${hash}"` };
}

/**
 * Findings list and summary responses, shared by every caller with the same
 * read scope and query. Each entry is keyed by the store's data version,
 * which a write changes in its own transaction, so a request that starts
 * after a write commits never gets an answer from before it. The version is
 * read on every request (one indexed row); everything else, including the
 * JSON serialization and gzip the root router would redo per request, is
 * done once per (version, scope, query).
 */
export class FindingsResponseCache {
  private readonly entries = new Map<string, Promise<CachedBody>>();
  private bytes = 0;
  private readonly sizes = new Map<string, number>();
  private version: string | undefined;
  private versionRead: Promise<string | undefined> | undefined;

  /** `dataVersion` answers undefined while the store's answers trail its data: nothing is cached then. */
  constructor(
    private readonly dataVersion: () => Promise<string | undefined>,
  ) {}

  /** Answers `req` from the cache, computing the body on a miss. */
  async send(
    req: express.Request,
    res: express.Response,
    key: string,
    compute: () => Promise<unknown>,
  ): Promise<void> {
    const body = await this.body(key, compute);
    res.type('application/json');
    res.vary('Accept-Encoding');
    // Set here, so it is not hashed again per response.
    res.setHeader('ETag', body.etag);
    if (req.acceptsEncodings('gzip') === 'gzip') {
      body.gzip ??= gzipAsync(body.json);
      // Already encoded: the root router's compression passes it through.
      res.setHeader('Content-Encoding', 'gzip');
      res.send(await body.gzip);
      return;
    }
    res.send(body.json);
  }

  private async body(
    key: string,
    compute: () => Promise<unknown>,
  ): Promise<CachedBody> {
    const version = await this.currentVersion();
    if (version === undefined) return serialize(compute);
    if (version !== this.version) {
      this.version = version;
      this.entries.clear();
      this.sizes.clear();
      this.bytes = 0;
    }
    const versionedKey = `${version}\n${key}`;
    const cached = this.entries.get(versionedKey);
    if (cached) {
      // Most recently used last.
      this.entries.delete(versionedKey);
      this.entries.set(versionedKey, cached);
      return cached;
    }
    const body = serialize(compute);
    this.entries.set(versionedKey, body);
    body.then(
      ({ json }) => this.track(versionedKey, body, json.length),
      () => {
        if (this.entries.get(versionedKey) === body) {
          this.entries.delete(versionedKey);
        }
      },
    );
    return body;
  }

  /**
   * The data version, read after the request arrived: requests arriving in
   * the same turn of the event loop share one read, issued after all of them.
   */
  private currentVersion(): Promise<string | undefined> {
    if (!this.versionRead) {
      this.versionRead = new Promise(resolve => setImmediate(resolve)).then(
        () => {
          this.versionRead = undefined;
          return this.dataVersion();
        },
      );
    }
    return this.versionRead;
  }

  private track(key: string, body: Promise<CachedBody>, size: number) {
    // Dropped meanwhile (a newer version cleared the cache).
    if (this.entries.get(key) !== body) return;
    this.sizes.set(key, size);
    this.bytes += size;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      if (oldest === key) break;
      this.entries.delete(oldest);
      this.bytes -= this.sizes.get(oldest) ?? 0;
      this.sizes.delete(oldest);
    }
  }
}
