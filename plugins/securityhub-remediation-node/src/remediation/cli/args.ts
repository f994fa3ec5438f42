/** Parsed command line: positional arguments and `--flag [value]` options. */
export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

/** Flags that take a value; every other `--flag` is a switch. */
const VALUE_FLAGS = new Set([
  'out',
  'limit',
  'id',
  'region',
  'catalog',
  'prefer',
]);

export class UsageError extends Error {}

export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2);
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    } else {
      flags[name] = true;
    }
  }
  return { positional, flags };
}

export function positiveInteger(
  value: string | true | undefined,
  flag: string,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${flag} must be a positive integer`);
  return n;
}
