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
} from '../FindingsSource';
import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';
import { sharedAsffParseWorker, WorkerFailure } from './asffParseWorker';
import { listAsffFiles, type AsffFileUnit } from './listAsffFiles';
import {
  AsffFileError,
  DEFAULT_MAX_ASFF_FILE_BYTES,
  formatAsffFileProblem,
  readPreparedAsffFile,
} from './parseAsffFile';

/** @public */
export interface AsffFileFindingsSourceOptions {
  /** Stable id of the source, the key of its sync state. */
  id: string;
  /** A folder of ASFF files, or one file. */
  path: string;
  /** Largest file read, compressed or decompressed (default 256 MiB). */
  maxFileBytes?: number;
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
 * Each file is a unit: parsed and validated completely, then yielded as one
 * batch, so the store writes a file in one transaction. A file that cannot
 * be imported (not JSON, an invalid finding, unreadable, too large or too
 * deep) imports nothing and is yielded as a rejected batch naming where and
 * why; the read goes on with the next file. So is every entry of the folder
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
  private readonly parseInWorker: boolean;

  /**
   * One entry of `securityHubRemediation.findings.sources` with
   * `type: asff-files` and either `path` (a folder or file; relative paths
   * resolve against the working directory) or `demo: true` (the dataset
   * bundled with the common package), and optionally `maxFileSizeMb`.
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
    const maxFileSizeMb = config.getOptionalNumber('maxFileSizeMb');
    if (
      maxFileSizeMb !== undefined &&
      !(Number.isFinite(maxFileSizeMb) && maxFileSizeMb > 0)
    ) {
      throw problem('maxFileSizeMb must be a positive number');
    }

    return new AsffFileFindingsSource({
      id,
      path:
        path !== undefined
          ? resolve(process.cwd(), path)
          : demoFindingsFolder(),
      maxFileBytes:
        maxFileSizeMb !== undefined
          ? Math.floor(maxFileSizeMb * 1024 * 1024)
          : undefined,
    });
  }

  constructor(options: AsffFileFindingsSourceOptions) {
    this.id = options.id;
    this.path = resolve(options.path);
    this.target = this.path;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_ASFF_FILE_BYTES;
    this.parseInWorker = options.parseInWorker ?? true;
    // Start the parser thread now (it takes a few hundred ms to load), so
    // it is ready when the first sync reads.
    if (this.parseInWorker) sharedAsffParseWorker();
  }

  /**
   * Yields one batch per entry of the folder, in name order. `updatedSince`
   * is ignored: files carry no time index to filter by, and the store keeps
   * the newest version of each finding, so re-reading a file is harmless.
   */
  async *read(
    options: FindingsReadOptions,
    _stats: FindingsReadStats,
  ): AsyncIterable<FindingsBatch> {
    const units = await this.listUnits();
    const readable = units.filter(unit => unit.path !== undefined);
    let worker =
      this.parseInWorker && readable.length > 0
        ? sharedAsffParseWorker()
        : undefined;
    // The thread parses the next file while this one is yielded and written.
    const request = (index: number) => {
      const path = readable[index]?.path;
      if (!worker || path === undefined) return undefined;
      const parsed = worker.parse(path, this.maxFileBytes);
      parsed.catch(() => {}); // awaited (and reported) in its turn
      return parsed;
    };
    let nextReadable = 0;
    let next = request(0);
    for (const unit of units) {
      options.signal?.throwIfAborted();
      if (unit.path === undefined) {
        yield { origin: unit.origin, findings: [], rejected: unit.rejected };
        continue;
      }
      const parsing = next;
      next = undefined;
      nextReadable += 1;
      let findings: PreparedFinding[] | undefined;
      let rejected: FindingsRejection | undefined;
      try {
        findings = await parsing;
      } catch (error) {
        if (error instanceof WorkerFailure) {
          worker = undefined; // no thread (e.g. a runtime that cannot load it)
        } else rejected = rejectionOf(error);
      }
      next = request(nextReadable);
      if (!findings && !rejected) {
        // Parse here: without a thread, or when it failed.
        try {
          findings = await readPreparedAsffFile(unit.path, {
            maxFileBytes: this.maxFileBytes,
          });
        } catch (error) {
          rejected = rejectionOf(error);
        }
      }
      options.signal?.throwIfAborted();
      yield rejected
        ? { origin: unit.origin, findings: [], rejected }
        : { origin: unit.origin, findings: findings! };
    }
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

/** `demo/findings` of the installed common package (shipped in its `files`). */
function demoFindingsFolder(): string {
  const manifest = require.resolve(
    '@internal/plugin-securityhub-remediation-common/package.json',
  );
  return join(dirname(manifest), 'demo', 'findings');
}
