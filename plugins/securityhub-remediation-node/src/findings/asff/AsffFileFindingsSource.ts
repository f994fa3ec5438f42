import { stat } from 'fs/promises';
import { dirname, join, resolve } from 'path';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  FindingsBatch,
  FindingsReadOptions,
  FindingsReadStats,
  FindingsRejection,
  FindingsSource,
  UnitFingerprint,
} from '../FindingsSource';
import type { CopyBatchSpec } from '../storeRows';
import {
  fileBatchOf,
  findingsIn,
  sharedAsffParseWorker,
  WorkerFailure,
  type AsffFileBatch,
  type AsffParseWorker,
  type AsffWorkerReadStats,
} from './asffParseWorker';
import { listAsffFiles, type AsffFileUnit } from './listAsffFiles';
import {
  AsffFileError,
  DEFAULT_MAX_ASFF_FILE_BYTES,
  formatAsffFileProblem,
} from './parseAsffFile';
import {
  readAsffFileInBatches,
  type AsffBatchReadStats,
} from './readAsffFileInBatches';
import {
  sameStamp,
  sha256OfFile,
  stampOf,
  type FileStamp,
} from './fileFingerprint';

/** Longest a file may take to read and write by default, in seconds. */
export const DEFAULT_MAX_ASFF_FILE_SECONDS = 300;

/** @public */
export interface AsffFileFindingsSourceOptions {
  /** Stable id of the source, the key of its sync state. */
  id: string;
  /** A folder of ASFF files, or one file. */
  path: string;
  /** Largest file read, compressed or decompressed (default 256 MiB). */
  maxFileBytes?: number;
  /**
   * Longest one file may take, in seconds, from opening it to its last batch
   * (writing included, as the reader waits for the writer); a file over it
   * is rejected. Default 300.
   */
  maxFileSeconds?: number;
  /** Findings per batch (default 1,000). */
  batchFindings?: number;
  /**
   * Parse files on a worker thread (default true), so a large export does
   * not block the event loop and parsing overlaps with the store's writes.
   */
  parseInWorker?: boolean;
}

/**
 * Findings from ASFF files on disk: `aws securityhub get-findings` output,
 * Security Hub exports (JSON Lines, gzip), or the bundled demo dataset.
 *
 * Each file is a unit, streamed on a worker thread and yielded in bounded
 * batches (memory does not grow with the file), which the store writes in
 * one transaction. A file that cannot be imported (not JSON, an invalid
 * finding, unreadable, too large, too deep, too slow) imports nothing: its
 * unit ends with a rejected batch naming where and why, and the read goes
 * on with the next file. So is every entry of the folder
 * that is not read (another extension, a sub-folder, a link leading out of
 * the folder), except hidden ones.
 *
 * @public
 */
export class AsffFileFindingsSource implements FindingsSource {
  readonly kind = 'asff-files' as const;
  readonly id: string;
  readonly target: string;
  private readonly path: string;
  private readonly maxFileBytes: number;
  private readonly maxFileSeconds: number;
  private readonly batchFindings: number | undefined;
  private worker: AsffParseWorker | undefined;
  /** What the parser thread held at most for the last file it read to its end (tests). */
  readonly lastWorkerStats: AsffWorkerReadStats = {
    batches: 0,
    peakHeldFindings: 0,
  };

  /**
   * One entry of `securityHubRemediation.findings.sources` with
   * `type: asff-files` and either `path` (a folder or file; relative paths
   * resolve against the working directory) or `demo: true` (the dataset
   * bundled with the common package; `demoDataset: ocsf` for its OCSF
   * set), and optionally `maxFileSizeMb` and `maxFileSeconds`.
   */
  static fromConfig(config: Config): AsffFileFindingsSource {
    const id = config.getString('id');
    const problem = (message: string) =>
      new InputError(`Findings source "${id}": ${message}`);

    const type = config.getOptionalString('type');
    if (type !== 'asff-files') {
      throw problem(`type must be "asff-files", not "${type ?? ''}"`);
    }
    const path = config.getOptionalString('path');
    const demo = config.getOptionalBoolean('demo') ?? false;
    if ((path !== undefined) === demo) {
      throw problem(
        'set exactly one of "path" (a folder or file of ASFF findings) or "demo: true"',
      );
    }
    const demoDataset = config.getOptionalString('demoDataset') ?? 'asff';
    if (demoDataset !== 'asff' && demoDataset !== 'ocsf') {
      throw problem('demoDataset must be "asff" or "ocsf"');
    }
    if (!demo && config.has('demoDataset')) {
      throw problem('demoDataset applies only with "demo: true"');
    }
    const maxFileSizeMb = config.getOptionalNumber('maxFileSizeMb');
    if (
      maxFileSizeMb !== undefined &&
      !(Number.isFinite(maxFileSizeMb) && maxFileSizeMb > 0)
    ) {
      throw problem('maxFileSizeMb must be a positive number');
    }

    const maxFileSeconds = config.getOptionalNumber('maxFileSeconds');
    if (
      maxFileSeconds !== undefined &&
      !(Number.isFinite(maxFileSeconds) && maxFileSeconds > 0)
    ) {
      throw problem('maxFileSeconds must be a positive number of seconds');
    }

    return new AsffFileFindingsSource({
      id,
      path:
        path !== undefined
          ? resolve(process.cwd(), path)
          : demoFindingsFolder(demoDataset),
      maxFileBytes:
        maxFileSizeMb !== undefined
          ? Math.floor(maxFileSizeMb * 1024 * 1024)
          : undefined,
      maxFileSeconds,
    });
  }

  constructor(options: AsffFileFindingsSourceOptions) {
    this.id = options.id;
    this.path = resolve(options.path);
    this.target = this.path;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_ASFF_FILE_BYTES;
    this.maxFileSeconds =
      options.maxFileSeconds ?? DEFAULT_MAX_ASFF_FILE_SECONDS;
    this.batchFindings = options.batchFindings;
    // Start the parser thread now (it takes a few hundred ms to load), so
    // it is ready when the first sync reads.
    if (options.parseInWorker ?? true) this.worker = sharedAsffParseWorker();
  }

  /**
   * Yields the units of the folder in name order, each file in bounded
   * batches (`more` set on all but its last), or one rejected batch.
   * `updatedSince` is ignored: files carry no time index to filter by, and
   * the store keeps the newest version of each finding, so re-reading a file
   * is harmless. A file in `storedUnits` with the same size and modification
   * time, or the same size and bytes, is not read again: one `unchanged`
   * batch stands for it.
   */
  async *read(
    options: FindingsReadOptions,
    _stats: FindingsReadStats,
  ): AsyncIterable<FindingsBatch> {
    const { signal } = options;
    for (const unit of await this.listUnits()) {
      signal?.throwIfAborted();
      if (unit.path === undefined) {
        yield { origin: unit.origin, findings: [], rejected: unit.rejected };
        continue;
      }
      const stamp = await stampOf(unit.path);
      const stored = options.storedUnits?.get(unit.origin);
      const unchanged =
        stored && (await this.unchanged(unit.path, stored, stamp, signal));
      if (unchanged) {
        yield {
          origin: unit.origin,
          findings: [],
          unchanged: true,
          fingerprint: unchanged,
        };
        continue;
      }
      yield* this.readFile(unit.origin, unit.path, stamp, options);
    }
  }

  /** The fingerprint to keep when the file is the one stored, else undefined. */
  private async unchanged(
    path: string,
    stored: UnitFingerprint,
    stamp: FileStamp | undefined,
    signal: AbortSignal | undefined,
  ): Promise<UnitFingerprint | undefined> {
    if (!stamp || stamp.size !== stored.size) return undefined;
    if (stamp.mtimeMs === stored.mtimeMs) return stored;
    try {
      const sha256 = await sha256OfFile(path, signal);
      return sha256 === stored.sha256 ? { ...stored, ...stamp } : undefined;
    } catch {
      // Reading it properly reports what is wrong with it.
      return undefined;
    }
  }

  /**
   * One file as one unit. A batch is held back until the next one arrives,
   * so the last can be marked as such; a problem after some batches ends
   * the unit with a rejected batch (the writer drops what it got of it).
   * The last batch carries the file's fingerprint when the file did not
   * change while it was read.
   */
  private async *readFile(
    origin: string,
    path: string,
    stamp: FileStamp | undefined,
    { signal, copyBatch }: FindingsReadOptions,
  ): AsyncIterable<FindingsBatch> {
    let held: AsffFileBatch | undefined;
    let findings = 0;
    for (let attempt = 0; ; attempt++) {
      // The reader hashes the bytes it reads: a file is read once.
      const read: { sha256?: string } = {};
      try {
        for await (const batch of this.batchesOf(
          path,
          signal,
          read,
          copyBatch,
        )) {
          if (held) {
            yield { origin, ...held, more: true };
          }
          held = batch;
          findings += findingsIn(batch);
        }
        // Not read to its end (a scanner done early): hashed on its own.
        const sha256 = stamp
          ? read.sha256 ??
            (await sha256OfFile(path, signal).catch(() => undefined))
          : undefined;
        const after = await stampOf(path);
        yield {
          origin,
          ...(held ?? { findings: [] }),
          ...(sha256 &&
            sameStamp(stamp, after) && {
              fingerprint: { ...stamp!, sha256, findings },
            }),
        };
        return;
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (error instanceof WorkerFailure && attempt === 0 && !held) {
          // No thread (e.g. a runtime that cannot load it): read here.
          this.worker = undefined;
          findings = 0;
          continue;
        }
        yield {
          origin,
          findings: [],
          rejected:
            error instanceof WorkerFailure
              ? { reason: `could not be read: ${error.message}` }
              : rejectionOf(error),
        };
        return;
      }
    }
  }

  /** The file's batches; `read.sha256` is its hash once read to its end. */
  private async *batchesOf(
    path: string,
    signal: AbortSignal | undefined,
    read: { sha256?: string },
    copyBatch: CopyBatchSpec | undefined,
  ): AsyncIterable<AsffFileBatch> {
    const options = {
      maxFileBytes: this.maxFileBytes,
      maxFileSeconds: this.maxFileSeconds,
      batchFindings: this.batchFindings,
    };
    if (this.worker) {
      if (this.worker.failed) this.worker = sharedAsffParseWorker();
      const stats: AsffWorkerReadStats = { batches: 0, peakHeldFindings: 0 };
      yield* this.worker.read(path, { ...options, copyBatch, signal, stats });
      Object.assign(this.lastWorkerStats, stats);
      read.sha256 = stats.sha256;
      return;
    }
    const stats: AsffBatchReadStats = { buffered: 0, peakBuffered: 0 };
    for await (const findings of readAsffFileInBatches(path, {
      ...options,
      cancelled: () => signal?.aborted ?? false,
      stats,
    })) {
      yield fileBatchOf(findings, copyBatch);
    }
    read.sha256 = stats.sha256;
  }

  /** The units to read: the path itself, or the entries of the folder. */
  private async listUnits(): Promise<AsffFileUnit[]> {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(this.path)).isDirectory();
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') {
        throw new NotFoundError(
          `Findings source "${this.id}": ${this.path} does not exist`,
        );
      }
      throw error;
    }
    if (!isDirectory) return [{ origin: this.path, path: this.path }];
    return listAsffFiles(this.path);
  }
}

/**
 * Why a file was not imported: its first problem's position, and every
 * problem found (a person fixes them in one go).
 */
function rejectionOf(error: unknown): FindingsRejection {
  if (error instanceof AsffFileError) {
    const [first, ...others] = error.issues;
    const reason = [
      first.reason,
      ...others.map(other => formatAsffFileProblem(other)),
    ].join('; ');
    return first.position !== undefined
      ? { position: first.position, reason }
      : { reason };
  }
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') {
    return { reason: 'removed before it could be read' };
  }
  return {
    reason: code
      ? `cannot be read: ${(error as Error).message}`
      : `could not be parsed: ${String((error as Error)?.message ?? error)}`,
  };
}

/**
 * `demo/findings` (ASFF) or `demo/findings-ocsf` of the installed common
 * package (shipped in its `files`).
 */
function demoFindingsFolder(dataset: 'asff' | 'ocsf'): string {
  const manifest = require.resolve(
    '@internal/plugin-securityhub-remediation-common/package.json',
  );
  return join(
    dirname(manifest),
    'demo',
    dataset === 'ocsf' ? 'findings-ocsf' : 'findings',
  );
}
