import type { Knex } from 'knex';
import type { CubeAtVersion } from '../countsCubeCache';
import { readDataVersion } from '../findingCounts';
import {
  FindingsTextIndex,
  type TextIndexBuildOptions,
} from './FindingsTextIndex';

export interface TextIndexOptions extends TextIndexBuildOptions {
  /** Below this many findings SQL answers a search quickly: no index is kept. */
  minFindings: number;
  /** How long the data must not change before an index of it is built. */
  settleMs: number;
}

export const DEFAULT_TEXT_INDEX: TextIndexOptions = {
  minFindings: 20_000,
  settleMs: 1_000,
  chunkRows: 5_000,
  maxFindings: 3_000_000,
};

/**
 * The text index of the current data version, built in the background once
 * the data has settled; searches are answered by SQL until it is ready and
 * whenever the data has changed since (an index of an older version is
 * dropped, never used: answers stay exact). One build at a time; a build
 * the data moves under stops at its next chunk, and the next waits for the
 * data to settle again — so during an import, whose writes pause now and
 * then, builds cost a chunk each a second at most.
 */
export class TextIndexCache {
  private index?: FindingsTextIndex;
  private building?: Promise<void>;
  private seen?: { version: string; since: number };
  /** A version not to build: its build failed, or it has too few or too many findings. */
  private passed?: string;
  /** Writes of this process going on, and when the last one ended. */
  private writes = 0;
  private lastWriteEnded = -Infinity;

  constructor(
    private readonly db: Knex,
    private readonly options: TextIndexOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The index of the cube's version, if built; otherwise may start building it. */
  current(at: CubeAtVersion): FindingsTextIndex | undefined {
    this.observe(at);
    const { index } = this;
    return index && index.version === at.version && index.cube === at.cube
      ? index
      : undefined;
  }

  /**
   * Runs a write of this process. No build starts while one runs (another
   * stops at its next chunk), nor until the settle time after it: a long
   * write transaction does not move the version others see until it
   * commits, so the version alone would call the data settled mid-import.
   */
  async writing<T>(write: () => Promise<T>): Promise<T> {
    this.writes++;
    try {
      return await write();
    } finally {
      this.writes--;
      this.lastWriteEnded = this.now();
    }
  }

  /** Notes the data version a request saw; builds its index once it has settled. */
  observe(at: CubeAtVersion): void {
    if (!at.fresh) return;
    if (this.index && this.index.version !== at.version) {
      this.index = undefined; // never used again: free its memory
    }
    if (this.seen?.version !== at.version) {
      this.seen = { version: at.version, since: this.now() };
    }
    if (
      this.building ||
      this.index ||
      this.passed === at.version ||
      this.writes > 0 ||
      this.now() - Math.max(this.seen.since, this.lastWriteEnded) <
        this.options.settleMs
    ) {
      return;
    }
    const findings = at.cube.total({}, undefined);
    if (
      findings < this.options.minFindings ||
      findings > this.options.maxFindings
    ) {
      this.passed = at.version;
      return;
    }
    this.building = this.build(at).finally(() => {
      this.building = undefined;
    });
  }

  /** Resolves when the build going on (if any) has ended. */
  async settled(): Promise<void> {
    await this.building;
  }

  private async build(at: CubeAtVersion): Promise<void> {
    try {
      const index = await FindingsTextIndex.build(
        this.db,
        at.cube,
        at.version,
        {
          ...this.options,
          stop: () => this.writes > 0,
        },
      );
      if (index && (await readDataVersion(this.db)) === at.version) {
        this.index = index;
      } else if (this.seen?.version === at.version) {
        // Not built (the data moved, or the cube trailed it): wait for the
        // data to settle again before the next try.
        this.seen.since = this.now();
      }
    } catch {
      // Searches keep being answered by SQL; this version is not tried again.
      this.passed = at.version;
    }
  }
}
