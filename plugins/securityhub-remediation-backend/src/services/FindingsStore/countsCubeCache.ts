import type { Knex } from 'knex';
import { CountsCube } from './countsCube';

/** The cube a use answers from, with the data version it was read at. */
export interface CubeAtVersion {
  version: string;
  cube: CountsCube;
  /** False while a newer version is being read. */
  fresh: boolean;
}

/**
 * The cube of the current data version: one small query per use learns the
 * version; a new version is read once, shared by concurrent uses, one read
 * at a time. A use waits for that read up to `maxWaitMs`, then answers from
 * the cube it has — so while an import writes, summaries and totals may
 * trail it by one catch-up (the rows changed since: a few thousand per
 * file of an import, every row after a PostgreSQL first load) instead of
 * every request waiting; once writes stop they are exact.
 */
export class CountsCubeCache {
  private current?: { version: string; cube: CountsCube };
  private reading?: { version: string; done: Promise<void> };
  /** The newest version asked for while a read was going on. */
  private wanted?: string;

  constructor(
    private readonly db: Knex,
    private readonly version: () => Promise<string>,
    private readonly maxWaitMs = 100,
  ) {}

  async get(): Promise<CubeAtVersion> {
    const version = await this.version();
    const answer = () => ({
      ...this.current!,
      fresh: this.current!.version === version,
    });
    if (this.current?.version === version) return answer();
    const done = this.read(version);
    if (!this.current) {
      await done;
      return answer();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise(resolve => {
        timer = setTimeout(resolve, this.maxWaitMs);
      }),
    ]);
    clearTimeout(timer);
    return answer();
  }

  /** Reads `version` now, or after the read going on. */
  private read(version: string): Promise<void> {
    if (this.reading) {
      if (this.reading.version !== version) this.wanted = version;
      return this.reading.done;
    }
    const done = CountsCube.refreshed(this.db, this.current).then(
      cube => {
        this.current = { version, cube };
      },
      error => {
        // With nothing to answer from, the use fails; otherwise the next
        // use reads again.
        if (!this.current) throw error;
      },
    );
    this.reading = {
      version,
      done: done.finally(() => {
        this.reading = undefined;
        const next = this.wanted;
        this.wanted = undefined;
        if (next && next !== version) this.read(next).catch(() => {});
      }),
    };
    return this.reading.done;
  }
}
