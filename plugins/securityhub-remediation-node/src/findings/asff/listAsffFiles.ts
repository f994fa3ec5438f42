import { readdir, realpath, stat } from 'fs/promises';
import type { Stats } from 'fs';
import { isAbsolute, join, relative, sep } from 'path';
import type { FindingsRejection } from '../FindingsSource';

/** Names of the files read: JSON, JSON Lines, optionally gzipped. */
export const ASFF_FILE_NAME = /\.(json|jsonl|ndjson)(\.gz)?$/i;

/**
 * A folder's own documentation (the bundled demo folder has a README):
 * nobody takes it for an export, and reporting it on every sync would only
 * teach people to ignore rejections.
 */
const DOCUMENTATION = /^(readme|licen[cs]e|notice|changelog)(\..*)?$|\.md$/i;

const EXPECTED = 'expected .json, .jsonl or .ndjson, optionally gzipped (.gz)';

/** One entry of the folder: a file to read, or one rejected as it is listed. */
export type AsffFileUnit =
  | {
      /** The path as listed in the folder, for messages. */
      origin: string;
      /** What to read: the file, or the checked target of a link. */
      path: string;
      rejected?: undefined;
    }
  | { origin: string; path?: undefined; rejected: FindingsRejection };

/** `.csv`, `.csv.gz`, or undefined for a name without an extension. */
function extensionOf(name: string): string | undefined {
  return /(\.[^.]+(\.gz)?)$/i.exec(name.replace(/^\.+/, ''))?.[1];
}

function notAsffExport(name: string): FindingsRejection {
  const extension = extensionOf(name);
  return {
    reason: extension
      ? `not an ASFF export: ${extension}; ${EXPECTED}`
      : `not an ASFF export: no file extension; ${EXPECTED} (Firehose names its S3 objects without one: set the delivery stream's file extension to .jsonl, or rename them)`,
  };
}

function isInside(root: string, target: string): boolean {
  const path = relative(root, target);
  // `..data/x.json` is inside; `../x.json` is not.
  const leaves = path === '..' || path.startsWith(`..${sep}`);
  return !leaves && !isAbsolute(path);
}

/**
 * Where a symbolic link of the folder leads, if it may be followed: only to
 * somewhere inside the folder (checked on the real path, so `..` and chains
 * of links cannot leave it). Kubernetes mounts a ConfigMap or Secret as
 * links to a hidden `..data` folder beside them.
 */
async function followLink(
  root: string,
  link: string,
): Promise<{ target: string; stats: Stats } | FindingsRejection> {
  let target: string;
  try {
    target = await realpath(link);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ELOOP') {
      return { reason: 'a symbolic link that leads back to itself' };
    }
    if (code === 'ENOENT') {
      return { reason: 'a symbolic link to something that does not exist' };
    }
    return {
      reason: `a symbolic link that cannot be followed: ${
        (error as Error).message
      }`,
    };
  }
  if (!isInside(root, target)) {
    return {
      reason: `a symbolic link to ${target}, outside ${root}; only links that stay inside the folder are followed`,
    };
  }
  try {
    return { target, stats: await stat(target) };
  } catch (error) {
    return { reason: `cannot be read: ${(error as Error).message}` };
  }
}

/**
 * The units of a folder, in name order: each file directly in it (or link
 * to a file inside it) with an ASFF name is read; every other entry is
 * rejected with the reason, so nothing is left out without a word. Left out
 * in silence: hidden entries (a leading dot), which is how a folder keeps
 * what is not data (`.DS_Store`, editors' swap files, Kubernetes' `..data`)
 * and how a person keeps a file there unread; and documentation (README,
 * LICENSE, `*.md`). Sub-folders are not read.
 */
export async function listAsffFiles(folder: string): Promise<AsffFileUnit[]> {
  const root = await realpath(folder);
  const entries = await readdir(folder, { withFileTypes: true });
  // By code unit, as the names were sorted before (not by locale).
  entries.sort((a, b) => (a.name < b.name ? -1 : Number(a.name > b.name)));

  const units: AsffFileUnit[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || DOCUMENTATION.test(entry.name)) continue;
    const origin = join(folder, entry.name);
    let path = origin;
    let isFile = entry.isFile();
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      const followed = await followLink(root, origin);
      if ('reason' in followed) {
        units.push({ origin, rejected: followed });
        continue;
      }
      path = followed.target;
      isFile = followed.stats.isFile();
      isDirectory = followed.stats.isDirectory();
    }
    if (isDirectory) {
      units.push({
        origin,
        rejected: {
          reason: `a folder; only files directly in ${folder} are read (name it with a leading dot to leave it out)`,
        },
      });
    } else if (!isFile) {
      units.push({
        origin,
        rejected: { reason: 'not a regular file (a device, socket or pipe)' },
      });
    } else if (!ASFF_FILE_NAME.test(entry.name)) {
      units.push({ origin, rejected: notAsffExport(entry.name) });
    } else units.push({ origin, path });
  }
  return units;
}
