// Bounds a finding must stay within before anything stores or shows it. A
// finding nested thousands of levels deep parses (JSON.parse does not
// recurse) but every later JSON.stringify does, and overflows the stack: the
// import failed without naming the file, or the finding was stored and its
// detail page failed forever. Real findings stay far below both limits:
// Security Hub accepts at most 240 KB per finding, and the deepest ASFF
// resource details nest about a dozen levels.

/** Deepest nesting of objects and arrays in a finding; the finding itself is level 1. @public */
export const ASFF_FINDING_MAX_DEPTH = 32;

/** Largest finding as JSON text, in characters (about bytes). @public */
export const ASFF_FINDING_MAX_CHARACTERS = 1024 * 1024;

/** Why a finding is out of bounds, and where. @public */
export interface AsffFindingBoundsProblem {
  /** Path to the value that went too deep (the first few steps), or [] for the size. */
  path: Array<string | number>;
  message: string;
}

/** Steps of a too-deep path that are shown; the rest is elided. */
const SHOWN_PATH_STEPS = 6;

const isContainer = (value: unknown): value is object =>
  value !== null && typeof value === 'object';

/** Length of a JSON scalar as text (escape sequences not counted). */
function scalarLength(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number') return String(value).length;
  if (value === false) return 5;
  return 4; // true, null
}

/**
 * Checks a value against {@link ASFF_FINDING_MAX_DEPTH} and
 * {@link ASFF_FINDING_MAX_CHARACTERS} without recursion, stopping at the
 * first excess, so an arbitrarily deep or large value is safe to check. The
 * size is the length of the value's JSON text, estimated without whitespace
 * or escape sequences.
 *
 * @public
 */
export function checkAsffFindingBounds(
  value: unknown,
): AsffFindingBoundsProblem | undefined {
  if (!isContainer(value)) return undefined;
  let characters = 0;
  const containers: object[] = [value];
  const depths: number[] = [1];
  while (containers.length > 0) {
    const current = containers.pop()!;
    const depth = depths.pop()!;
    if (depth > ASFF_FINDING_MAX_DEPTH) {
      return {
        path: pathToDepth(value, depth),
        message: `nested deeper than ${ASFF_FINDING_MAX_DEPTH} levels, the most a finding may have`,
      };
    }
    characters += 2; // brackets
    if (Array.isArray(current)) {
      for (const child of current) {
        characters += 1; // comma
        if (isContainer(child)) {
          containers.push(child);
          depths.push(depth + 1);
        } else characters += scalarLength(child);
      }
    } else {
      const record = current as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const child = record[key];
        characters += key.length + 4; // quotes, colon, comma
        if (isContainer(child)) {
          containers.push(child);
          depths.push(depth + 1);
        } else characters += scalarLength(child);
      }
    }
    if (characters > ASFF_FINDING_MAX_CHARACTERS) {
      return {
        path: [],
        message: `more than ${
          ASFF_FINDING_MAX_CHARACTERS / 1024 / 1024
        } MiB of JSON, the most a finding may have (Security Hub itself accepts 240 KB)`,
      };
    }
  }
  return undefined;
}

/** The path to a container at `depth`, for the message; only runs on a finding already refused. */
function pathToDepth(root: object, depth: number): Array<string | number> {
  const pending: Array<{ node: object; path: Array<string | number> }> = [
    { node: root, path: [] },
  ];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (path.length + 1 === depth) {
      return path.length > SHOWN_PATH_STEPS
        ? [...path.slice(0, SHOWN_PATH_STEPS), '…']
        : path;
    }
    for (const [key, child] of Object.entries(node)) {
      if (isContainer(child)) {
        pending.push({
          node: child,
          path: [...path, Array.isArray(node) ? Number(key) : key],
        });
      }
    }
  }
  return [];
}
