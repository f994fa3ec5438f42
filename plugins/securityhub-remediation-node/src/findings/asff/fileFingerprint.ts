import { createHash } from 'crypto';
import { createReadStream } from 'fs';
import { stat } from 'fs/promises';

/** A file's size and modification time, or undefined when it cannot be stat'ed. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export async function stampOf(path: string): Promise<FileStamp | undefined> {
  try {
    const stats = await stat(path);
    return { size: stats.size, mtimeMs: Math.round(stats.mtimeMs) };
  } catch {
    return undefined;
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined) {
  return !!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * SHA-256 of a file's bytes (base64url), streamed: a file touched but not
 * changed (copied again, restored from a backup) is known as unchanged.
 */
export async function sha256OfFile(
  path: string,
  signal?: AbortSignal,
): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('base64url');
}
