import { randomUUID } from 'crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'fs/promises';
import { dirname } from 'path';

function tempPathFor(file: string): string {
  return `${file}.${process.pid}.${randomUUID()}.tmp`;
}

/** The file's JSON, or undefined when it does not exist. */
export async function readJsonFile<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Replaces the file at once: a reader sees the old or the new JSON, never half of it. */
export async function writeJsonFileAtomic(
  file: string,
  value: unknown,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempPathFor(file);
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, {
    encoding: 'utf8',
    flag: 'wx',
  });
  await rename(temp, file);
}

/**
 * Creates the file with the JSON unless it exists: written to a temporary
 * file, then hard-linked into place, which fails when the name is taken —
 * so the file appears complete, and only once. False when it existed.
 */
export async function createJsonFileExclusive(
  file: string,
  value: unknown,
): Promise<boolean> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempPathFor(file);
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, {
    encoding: 'utf8',
    flag: 'wx',
  });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task of the same key in this process has settled. */
export function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}
