import { createHash } from 'crypto';
import { createReadStream } from 'fs';
import { open, stat } from 'fs/promises';
import { pipeline, type Readable } from 'stream';
import { createGunzip } from 'zlib';
import {
  normalizeAsffFinding,
  type PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  AsffFileError,
  AsffFileValidator,
  DEFAULT_MAX_ASFF_FILE_BYTES,
  fileError,
  formatLimit,
  isGzip,
  tooLarge,
  type ParseAsffFileOptions,
} from './parseAsffFile';

/** Findings per batch handed to the store. */
export const ASFF_BATCH_FINDINGS = 1000;
/** Document text per batch: a batch of large findings is cut earlier. */
export const ASFF_BATCH_CHARS = 4 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

/** What the reader holds, for tests and measurements. */
export interface AsffBatchReadStats {
  /** Findings parsed and not yet handed over, now and at most. */
  buffered: number;
  peakBuffered: number;
  /**
   * SHA-256 of the file's bytes (base64url, as `sha256OfFile`), set when
   * every byte was read: the file's fingerprint without reading it twice.
   */
  sha256?: string;
}

export interface AsffBatchReadOptions extends ParseAsffFileOptions {
  /** Findings per batch (default {@link ASFF_BATCH_FINDINGS}). */
  batchFindings?: number;
  /** Checked between chunks: true stops the read with an {@link AsffReadCancelled}. */
  cancelled?: () => boolean;
  stats?: AsffBatchReadStats;
}

/** The read was cancelled (sync timeout, shutdown, the reader stopped early). */
export class AsffReadCancelled extends Error {
  name = 'AbortError';
  constructor() {
    super('reading the ASFF file was cancelled');
  }
}

async function firstBytes(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Reads one ASFF file as a stream and yields its findings, validated and
 * prepared, in batches of at most `batchFindings` findings (or
 * {@link ASFF_BATCH_CHARS} of text): memory stays bounded by a few batches
 * and one value, whatever the file's size. Every shape of
 * {@link parseAsffFile} is read, gzip included.
 *
 * The file is one unit: when a problem turns up (an invalid finding, broken
 * JSON, a size or time limit), batches already yielded must be discarded by
 * the caller; the generator then throws an {@link AsffFileError} naming the
 * first problems. Versions of one finding in different batches are left to
 * the store, which keeps the newest.
 */
export async function* readAsffFileInBatches(
  path: string,
  options: AsffBatchReadOptions = {},
): AsyncGenerator<PreparedFinding[]> {
  const limit = options.maxFileBytes ?? DEFAULT_MAX_ASFF_FILE_BYTES;
  const batchFindings = options.batchFindings ?? ASFF_BATCH_FINDINGS;
  const stats = options.stats ?? { buffered: 0, peakBuffered: 0 };
  const deadline =
    options.maxFileSeconds !== undefined
      ? Date.now() + options.maxFileSeconds * 1000
      : Infinity;
  const { size } = await stat(path);
  if (size > limit) throw tooLarge(path, size, limit);
  const gzipped = isGzip(path, await firstBytes(path));

  const full: PreparedFinding[][] = [];
  let current: PreparedFinding[] = [];
  let currentChars = 0;
  const validator = new AsffFileValidator(path, ({ finding, text }) => {
    const document = text ?? JSON.stringify(finding);
    current.push({ normalized: normalizeAsffFinding(finding), document });
    currentChars += document.length;
    stats.buffered += 1;
    stats.peakBuffered = Math.max(stats.peakBuffered, stats.buffered);
    if (current.length >= batchFindings || currentChars >= ASFF_BATCH_CHARS) {
      full.push(current);
      current = [];
      currentChars = 0;
    }
  });
  const { scanner } = validator;
  const check = () => {
    if (options.cancelled?.()) throw new AsffReadCancelled();
    if (Date.now() > deadline) {
      throw new AsffFileError(path, [
        {
          position: `line ${scanner.currentLine}`,
          reason: `not read within the ${options.maxFileSeconds} s limit for one ASFF file (maxFileSeconds); it was stopped there`,
        },
      ]);
    }
  };
  function* handOver(batches: PreparedFinding[][]) {
    for (const batch of batches.splice(0)) {
      stats.buffered -= batch.length;
      yield batch;
    }
  }

  const input = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const hash = createHash('sha256');
  let hashed = 0;
  const hashRaw = (chunk: Buffer) => {
    hash.update(chunk);
    hashed += chunk.length;
  };
  // The raw bytes: gunzip's input, or the chunks read below.
  if (gzipped) input.on('data', hashRaw);
  const stream: Readable = gzipped
    ? pipeline(input, createGunzip({ chunkSize: CHUNK_BYTES }), () => {})
    : input;
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  try {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        check();
        if (!gzipped) hashRaw(chunk);
        bytes += chunk.length;
        if (bytes > limit) {
          throw gzipped
            ? fileError(
                path,
                `decompresses to more than the ${formatLimit(
                  limit,
                )} limit for one ASFF file`,
              )
            : tooLarge(path, bytes, limit);
        }
        scanner.push(decoder.decode(chunk, { stream: true }));
        if (!validator.failed) {
          for (const batch of handOver(full)) {
            yield batch;
            check();
          }
        }
        if (scanner.done) break;
      }
    } catch (error) {
      if (
        gzipped &&
        !(error instanceof AsffFileError) &&
        !(error instanceof AsffReadCancelled) &&
        (error as { code?: string }).code?.startsWith('Z_')
      ) {
        throw fileError(path, `not valid gzip: ${(error as Error).message}`);
      }
      throw error;
    }
    if (!scanner.done) {
      scanner.push(decoder.decode());
      scanner.end();
    }
    validator.finish(gzipped);
    // Read to its end (a scanner done early leaves bytes unread).
    if (input.readableEnded && hashed === size) {
      stats.sha256 = hash.digest('base64url');
    }
    if (current.length > 0) full.push(current);
    current = [];
    yield* handOver(full);
  } finally {
    stream.destroy();
    input.destroy();
    stats.buffered = 0;
  }
}
