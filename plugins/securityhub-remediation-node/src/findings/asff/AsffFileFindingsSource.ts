import { readdir, stat } from 'fs/promises';
import { dirname, join, resolve } from 'path';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  FindingsBatch,
  FindingsReadOptions,
  FindingsReadStats,
  FindingsSource,
} from '../FindingsSource';
import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';
import { sharedAsffParseWorker, WorkerFailure } from './asffParseWorker';
import {
  DEFAULT_MAX_ASFF_FILE_BYTES,
  readPreparedAsffFile,
} from './parseAsffFile';

/** Files of a folder that are read: JSON, JSON Lines, optionally gzipped. */
const ASFF_FILE_NAME = /\.(json|jsonl|ndjson)(\.gz)?$/i;

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
 * Each file is parsed and validated completely and then yielded as one batch,
 * so the store writes a file in one transaction and a bad file imports
 * nothing; the bad file stops the read with an error naming it.
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
   * Yields one batch per file, in file name order. `updatedSince` is
   * ignored: files carry no time index to filter by, and the store keeps the
   * newest version of each finding, so re-reading a file is harmless.
   */
  async *read(
    options: FindingsReadOptions,
    _stats: FindingsReadStats,
  ): AsyncIterable<FindingsBatch> {
    const files = await this.listFiles();
    let worker =
      this.parseInWorker && files.length > 0
        ? sharedAsffParseWorker()
        : undefined;
    // The thread parses the next file while this one is yielded and written.
    const request = (index: number) => {
      if (!worker || index >= files.length) return undefined;
      const parsed = worker.parse(files[index], this.maxFileBytes);
      parsed.catch(() => {}); // awaited (and reported) in its turn
      return parsed;
    };
    let next = request(0);
    for (let index = 0; index < files.length; index++) {
      const file = files[index];
      options.signal?.throwIfAborted();
      let findings: PreparedFinding[] | undefined;
      if (next) {
        try {
          findings = await next;
        } catch (error) {
          if (!(error instanceof WorkerFailure)) throw error;
          // No thread (e.g. a runtime that cannot load it): parse here.
          worker = undefined;
        }
      }
      next = request(index + 1);
      findings ??= await readPreparedAsffFile(file, {
        maxFileBytes: this.maxFileBytes,
      });
      options.signal?.throwIfAborted();
      yield { origin: file, findings };
    }
  }

  /** The files to read: the path itself, or the ASFF files of the folder. */
  private async listFiles(): Promise<string[]> {
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
    if (!isDirectory) return [this.path];

    const entries = await readdir(this.path, { withFileTypes: true });
    return entries
      .filter(entry => entry.isFile() && ASFF_FILE_NAME.test(entry.name))
      .map(entry => entry.name)
      .sort()
      .map(name => join(this.path, name));
  }
}

/** `demo/findings` of the installed common package (shipped in its `files`). */
function demoFindingsFolder(): string {
  const manifest = require.resolve(
    '@internal/plugin-securityhub-remediation-common/package.json',
  );
  return join(dirname(manifest), 'demo', 'findings');
}
