import { readFile, stat } from 'fs/promises';
import { gunzipSync } from 'zlib';
import { InputError } from '@backstage/errors';
import {
  normalizeAsffFinding,
  validateAsffFinding,
  type AsffFinding,
  type PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type { core } from 'zod/v4';

const MiB = 1024 * 1024;

/** Largest ASFF file read by default, compressed or not. @public */
export const DEFAULT_MAX_ASFF_FILE_BYTES = 256 * MiB;

/** Problems listed in one error; a broken export would otherwise flood the message. */
const MAX_REPORTED_PROBLEMS = 10;

/** @public */
export interface ParseAsffFileOptions {
  /** Limit of the file size and of its decompressed size (default 256 MiB). */
  maxFileBytes?: number;
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
  /** One entry per problem, without the file name. */
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    super(problems.map(problem => `${file}: ${problem}`).join('\n'));
    this.file = file;
    this.problems = problems;
  }
}

function formatSize(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function formatLimit(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : formatSize(bytes);
}

function tooLarge(file: string, size: number, limit: number): AsffFileError {
  return new AsffFileError(file, [
    `${formatSize(size)} exceeds the ${formatLimit(
      limit,
    )} limit for one ASFF file`,
  ]);
}

/** `Resources[0].Id` rather than zod's `Resources.0.Id`. */
function formatIssue(issue: core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) =>
      typeof part === 'number'
        ? `[${part}]`
        : `${i > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** A value of the file that should be a finding, and where it is. */
interface Candidate {
  value: unknown;
  /** The finding's own JSON text, when the file has one per line. */
  text?: string;
  /** `finding #3` (index in the file's array) or `line 7` (JSON Lines). */
  position: string;
}

function decompress(file: string, bytes: Uint8Array, limit: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AsffFileError(file, [
        `decompresses to more than the ${formatLimit(
          limit,
        )} limit for one ASFF file`,
      ]);
    }
    throw new AsffFileError(file, [
      `not valid gzip: ${(error as Error).message}`,
    ]);
  }
}

/**
 * The findings of one line-delimited file; lines that are not JSON become
 * problems (numbered from 1, as editors show them).
 */
function jsonLines(text: string, problems: string[]): Candidate[] {
  const candidates: Candidate[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (problems.length >= MAX_REPORTED_PROBLEMS) break;
    if (lines[i].trim() === '') continue;
    try {
      candidates.push({
        value: JSON.parse(lines[i]),
        text: lines[i],
        position: `line ${i + 1}`,
      });
    } catch (error) {
      problems.push(
        `line ${i + 1}: not valid JSON: ${(error as Error).message}`,
      );
    }
  }
  return candidates;
}

/** The findings of a JSON document: get-findings output, an array, or one finding. */
function documentCandidates(file: string, document: unknown): Candidate[] {
  const atIndex = (items: unknown[]) =>
    items.map((value, index) => ({ value, position: `finding #${index}` }));
  if (Array.isArray(document)) return atIndex(document);
  if (document !== null && typeof document === 'object') {
    if ('Findings' in document) {
      const { Findings } = document as { Findings: unknown };
      if (!Array.isArray(Findings)) {
        throw new AsffFileError(file, ['Findings: must be an array']);
      }
      return atIndex(Findings);
    }
    return [{ value: document, position: 'finding #0' }];
  }
  throw new AsffFileError(file, [
    `expected {"Findings": [...]}, an array of findings or one finding, not ${
      document === null ? 'null' : typeof document
    }`,
  ]);
}

function firstLineIsJsonObject(text: string): boolean {
  const firstLine = text.trimStart().split(/\r?\n/, 1)[0];
  try {
    const value = JSON.parse(firstLine);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * Parses and validates one ASFF file: `{"Findings": [...]}` as printed by
 * `aws securityhub get-findings` (NextToken is ignored), a bare array, a
 * single finding, or JSON Lines (`.jsonl`/`.ndjson`, or content that is one
 * JSON object per line), each optionally gzip-compressed (`.gz` or gzip magic
 * bytes). Every finding must pass `asffFindingSchema`, else nothing of the
 * file is returned and an {@link AsffFileError} lists the first problems.
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

/** A validated finding and, for JSON Lines, its line as written. */
interface ParsedEntry {
  finding: AsffFinding;
  text?: string;
}

function parseEntries(
  file: string,
  bytes: Uint8Array,
  options: ParseAsffFileOptions,
): ParsedEntry[] {
  const limit = options.maxFileBytes ?? DEFAULT_MAX_ASFF_FILE_BYTES;
  if (bytes.length > limit) throw tooLarge(file, bytes.length, limit);

  const gzipped =
    /\.gz$/i.test(file) ||
    (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b);
  const content = gzipped ? decompress(file, bytes, limit) : Buffer.from(bytes);
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    throw new AsffFileError(file, [
      `is empty${
        gzipped ? ' after decompression' : ''
      }; expected ASFF findings as JSON or JSON Lines`,
    ]);
  }

  const problems: string[] = [];
  let candidates: Candidate[];
  if (/\.(jsonl|ndjson)(\.gz)?$/i.test(file)) {
    candidates = jsonLines(text, problems);
  } else {
    try {
      candidates = documentCandidates(file, JSON.parse(text));
    } catch (error) {
      if (error instanceof AsffFileError) throw error;
      // Not one JSON value: JSON Lines under a .json name, or broken JSON.
      if (!firstLineIsJsonObject(text)) {
        throw new AsffFileError(file, [
          `not valid JSON: ${(error as Error).message}`,
        ]);
      }
      candidates = jsonLines(text, problems);
    }
  }

  const findings: ParsedEntry[] = [];
  for (const { value, position, text: ownText } of candidates) {
    if (problems.length >= MAX_REPORTED_PROBLEMS) break;
    const result = validateAsffFinding(value);
    if (result.success) {
      findings.push({ finding: result.data, text: ownText });
      continue;
    }
    const id = (value as { Id?: unknown } | null)?.Id;
    const where = typeof id === 'string' ? `${position} (Id ${id})` : position;
    for (const issue of result.error.issues) {
      if (problems.length >= MAX_REPORTED_PROBLEMS) break;
      problems.push(`${where}: ${formatIssue(issue)}`);
    }
  }
  if (problems.length >= MAX_REPORTED_PROBLEMS) {
    problems.push(`stopped after the first ${MAX_REPORTED_PROBLEMS} problems`);
  }
  if (problems.length > 0) throw new AsffFileError(file, problems);

  return latestVersions(findings);
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
      Date.parse(entry.finding.UpdatedAt) >= Date.parse(kept.finding.UpdatedAt)
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
 * its document as received (the line itself in JSON Lines files).
 *
 * @public
 */
export async function readPreparedAsffFile(
  path: string,
  options: ParseAsffFileOptions = {},
): Promise<PreparedFinding[]> {
  return (await readEntries(path, options)).map(({ finding, text }) => ({
    normalized: normalizeAsffFinding(finding),
    document: text ?? JSON.stringify(finding),
  }));
}
