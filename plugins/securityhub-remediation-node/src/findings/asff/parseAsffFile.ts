import { readFile, stat } from 'fs/promises';
import { gunzipSync } from 'zlib';
import { InputError } from '@backstage/errors';
import {
  parseAsffTimestamp,
  validateAsffFinding,
  type AsffFinding,
  type PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type { core } from 'zod/v4';
import {
  AsffProblems,
  AsffTextScanner,
  type AsffCandidate,
  type AsffFileProblem,
} from './locateAsffFindings';
import { readAsffFileInBatches } from './readAsffFileInBatches';
import { looksLikeOcsfFinding } from '../ocsf/ocsfFindingSchema';
import { validateOcsfFinding } from '../ocsf/ocsfToAsff';

export type { AsffFileProblem } from './locateAsffFindings';

const MiB = 1024 * 1024;

/** Largest ASFF file read by default, compressed or not. @public */
export const DEFAULT_MAX_ASFF_FILE_BYTES = 256 * MiB;

/** Problems listed in one error; a broken export would otherwise flood the message. */
const MAX_REPORTED_PROBLEMS = 10;

/** @public */
export interface ParseAsffFileOptions {
  /** Limit of the file size and of its decompressed size (default 256 MiB). */
  maxFileBytes?: number;
  /** Limit of the time one file may take to read, in seconds (none by default). */
  maxFileSeconds?: number;
}

/** `finding 4 (Findings[3]): AwsAccountId: Required`, or the reason alone. */
export function formatAsffFileProblem({
  position,
  reason,
}: AsffFileProblem): string {
  return position ? `${position}: ${reason}` : reason;
}

/**
 * An ASFF file that cannot be imported. The message names the file and, per
 * problem, the finding's position, its Id when known and the field.
 *
 * @public
 */
export class AsffFileError extends InputError {
  /** The file as it was named to the parser. */
  readonly file: string;
  /** One entry per problem, where and what, without the file name. */
  readonly issues: AsffFileProblem[];
  /** {@link AsffFileError.issues} as text, one line each. */
  readonly problems: string[];

  constructor(file: string, issues: AsffFileProblem[]) {
    const problems = issues.map(formatAsffFileProblem);
    super(problems.map(problem => `${file}: ${problem}`).join('\n'));
    this.file = file;
    this.issues = issues;
    this.problems = problems;
  }
}

export const fileError = (file: string, reason: string) =>
  new AsffFileError(file, [{ reason }]);

function formatSize(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export function formatLimit(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : formatSize(bytes);
}

export function tooLarge(
  file: string,
  size: number,
  limit: number,
): AsffFileError {
  return fileError(
    file,
    `${formatSize(size)} exceeds the ${formatLimit(
      limit,
    )} limit for one ASFF file`,
  );
}

/** `Resources[0].Id` rather than zod's `Resources.0.Id`. */
function formatIssue(issue: core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      // `…` ends a path shortened by the depth limit.
      return i > 0 && part !== '…' ? `.${String(part)}` : String(part);
    })
    .join('');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function decompress(file: string, bytes: Uint8Array, limit: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw fileError(
        file,
        `decompresses to more than the ${formatLimit(
          limit,
        )} limit for one ASFF file`,
      );
    }
    throw fileError(file, `not valid gzip: ${(error as Error).message}`);
  }
}

/**
 * Parses and validates one ASFF file: `{"Findings": [...]}` as printed by
 * `aws securityhub get-findings` (NextToken is ignored), a bare array, a
 * single finding, EventBridge events of Security Hub findings, or JSON values
 * one after another (JSON Lines, `.jsonl`/`.ndjson` or by content, and values
 * concatenated as Firehose writes them), each optionally gzip-compressed
 * (`.gz` or gzip magic bytes). Every finding must pass `validateAsffFinding`
 * (schema, depth and size limits), else nothing of the file is returned and
 * an {@link AsffFileError} lists the first problems.
 *
 * @param file - Name used in messages and to recognise `.gz`/`.jsonl`.
 * @public
 */
export function parseAsffFile(
  file: string,
  bytes: Uint8Array,
  options: ParseAsffFileOptions = {},
): AsffFinding[] {
  return parseEntries(file, bytes, options).map(e => e.finding);
}

/** An Id for a message: a valid one is at most 512 characters, a broken one any. */
const shorten = (id: string) => (id.length > 512 ? `${id.slice(0, 512)}…` : id);

/** The Id of an ASFF finding, `finding_info.uid` of an OCSF one, for messages. */
function findingIdOf(value: unknown): unknown {
  const record = value as {
    Id?: unknown;
    finding_info?: { uid?: unknown } | null;
  } | null;
  return record?.Id ?? record?.finding_info?.uid;
}

/** A validated finding and, when it was written on one line, its text. */
export interface ParsedEntry {
  finding: AsffFinding;
  text?: string;
}

/**
 * Candidates looked at after the first problem, to list a few more in one
 * message; beyond that the rest of the file is not read (a file of a
 * million broken findings must not be validated to the end).
 */
const PROBLEM_SEARCH_CANDIDATES = 1000;

/**
 * Validates the candidates a scan of one file finds, as it finds them:
 * valid findings go to `accept` until the first problem; then only a few
 * more problems are looked for and the scan stops.
 */
export class AsffFileValidator {
  readonly problems = new AsffProblems(MAX_REPORTED_PROBLEMS);
  readonly scanner: AsffTextScanner;
  private candidatesAfterProblem = 0;

  constructor(
    private readonly file: string,
    private readonly accept: (entry: ParsedEntry) => void,
  ) {
    this.scanner = new AsffTextScanner(
      /\.(jsonl|ndjson)(\.gz)?$/i.test(file),
      this.problems,
      candidate => this.check(candidate),
    );
  }

  /** Whether a problem was found: nothing of the file may be imported. */
  get failed(): boolean {
    return this.problems.list.length > 0;
  }

  private check({ value, position, text }: AsffCandidate): void {
    if (this.failed) {
      this.candidatesAfterProblem += 1;
      if (this.candidatesAfterProblem > PROBLEM_SEARCH_CANDIDATES) {
        this.scanner.stop();
        return;
      }
    }
    // OCSF findings (the new Security Hub, GetFindingsV2 output) may sit in
    // the same shapes, even mixed with ASFF: each is translated to ASFF.
    const result = looksLikeOcsfFinding(value)
      ? validateOcsfFinding(value)
      : validateAsffFinding(value);
    if (result.success) {
      // The text as written only when it is the finding validated (not a
      // copy completed from FindingProviderFields).
      const asWritten = result.data === value ? text : undefined;
      if (!this.failed) this.accept({ finding: result.data, text: asWritten });
      return;
    }
    const id = findingIdOf(value);
    const where =
      typeof id === 'string'
        ? [position, `Id ${shorten(id)}`].filter(Boolean).join(', ')
        : position;
    for (const issue of result.error.issues) {
      this.problems.add(where, formatIssue(issue));
    }
    if (this.problems.full) this.scanner.stop();
  }

  /** After the scan: throws what is wrong with the file, if anything. */
  finish(gzipped: boolean): void {
    if (!this.failed && !this.scanner.hasContent) {
      throw fileError(
        this.file,
        `is empty${
          gzipped ? ' after decompression' : ''
        }; expected ASFF findings as JSON or JSON Lines`,
      );
    }
    if (this.problems.full) {
      this.problems.list.push({
        reason: `stopped after the first ${MAX_REPORTED_PROBLEMS} problems`,
      });
    }
    if (this.failed) throw new AsffFileError(this.file, this.problems.list);
  }
}

function parseEntries(
  file: string,
  bytes: Uint8Array,
  options: ParseAsffFileOptions,
): ParsedEntry[] {
  const limit = options.maxFileBytes ?? DEFAULT_MAX_ASFF_FILE_BYTES;
  if (bytes.length > limit) throw tooLarge(file, bytes.length, limit);

  const gzipped = isGzip(file, bytes);
  const content = gzipped ? decompress(file, bytes, limit) : Buffer.from(bytes);
  const findings: ParsedEntry[] = [];
  const validator = new AsffFileValidator(file, entry => findings.push(entry));
  validator.scanner.push(content.toString('utf8'));
  validator.scanner.end();
  validator.finish(gzipped);
  return latestVersions(findings);
}

/** `.gz` by name, or gzip's magic bytes at the start. */
export function isGzip(file: string, head: Uint8Array): boolean {
  return (
    /\.gz$/i.test(file) ||
    (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)
  );
}

/**
 * Security Hub exports can hold several versions of one finding (it is
 * re-exported on every update). Keep the one with the latest UpdatedAt; on a
 * tie the later one in the file, which was written last. Order of first
 * appearance is kept.
 */
function latestVersions(entries: ParsedEntry[]): ParsedEntry[] {
  const byId = new Map<string, ParsedEntry>();
  for (const entry of entries) {
    const kept = byId.get(entry.finding.Id);
    if (
      !kept ||
      parseAsffTimestamp(entry.finding.UpdatedAt) >=
        parseAsffTimestamp(kept.finding.UpdatedAt)
    ) {
      byId.set(entry.finding.Id, entry);
    }
  }
  return byId.size === entries.length ? entries : [...byId.values()];
}

/**
 * Reads and parses one ASFF file, checking its size before reading it.
 *
 * @public
 */
export async function readAsffFile(
  path: string,
  options: ParseAsffFileOptions = {},
): Promise<AsffFinding[]> {
  return (await readEntries(path, options)).map(e => e.finding);
}

async function readEntries(
  path: string,
  options: ParseAsffFileOptions,
): Promise<ParsedEntry[]> {
  const limit = options.maxFileBytes ?? DEFAULT_MAX_ASFF_FILE_BYTES;
  const { size } = await stat(path);
  if (size > limit) throw tooLarge(path, size, limit);
  return parseEntries(path, await readFile(path), options);
}

/**
 * {@link readAsffFile}, prepared for the store: each finding normalized, with
 * its document as received (the line itself in JSON Lines files). Read in
 * bounded batches and collected: for a whole file in memory; a sync reads
 * with {@link readAsffFileInBatches} instead.
 *
 * @public
 */
export async function readPreparedAsffFile(
  path: string,
  options: ParseAsffFileOptions = {},
): Promise<PreparedFinding[]> {
  const byId = new Map<string, PreparedFinding>();
  for await (const batch of readAsffFileInBatches(path, options)) {
    for (const prepared of batch) {
      const kept = byId.get(prepared.normalized.id);
      if (!kept || prepared.normalized.updatedAt >= kept.normalized.updatedAt) {
        // The latest version, in the order of first appearance.
        byId.set(prepared.normalized.id, prepared);
      }
    }
  }
  return [...byId.values()];
}
