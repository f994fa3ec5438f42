import { UNTRUSTED_CLOSE, UNTRUSTED_OPEN } from '../untrusted';

/** Appended where text was cut, so neither the model nor a person mistakes it for the whole. */
export const TRUNCATION_MARKER = '… [truncated]';

/** Longest string in an action's output; a rendered template is a few KB. */
export const MAX_OUTPUT_STRING_CHARS = 6000;
/** Most items of any list in an action's output. */
export const MAX_OUTPUT_LIST_ITEMS = 25;
/** Most nesting of an action's output (finding details are deep). */
const MAX_OUTPUT_DEPTH = 8;

/**
 * Cuts text to `max` characters with a marker. An untrusted block keeps its
 * closing tag, so what follows it can never be read as inside the data.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const isBlock =
    text.startsWith(UNTRUSTED_OPEN) && text.endsWith(UNTRUSTED_CLOSE);
  if (isBlock) {
    const keep = Math.max(
      0,
      max - TRUNCATION_MARKER.length - UNTRUSTED_CLOSE.length - 1,
    );
    return `${text.slice(0, keep)}${TRUNCATION_MARKER}\n${UNTRUSTED_CLOSE}`;
  }
  return `${text.slice(
    0,
    Math.max(0, max - TRUNCATION_MARKER.length),
  )}${TRUNCATION_MARKER}`;
}

/**
 * A JSON-serialisable copy of a value with every string, list and nesting
 * level bounded: what an action hands back to a model stays a few KB
 * whatever a finding holds.
 */
export function boundedJson(
  value: unknown,
  options: { maxString?: number; maxItems?: number } = {},
  depth = 0,
): unknown {
  const maxString = options.maxString ?? MAX_OUTPUT_STRING_CHARS;
  const maxItems = options.maxItems ?? MAX_OUTPUT_LIST_ITEMS;
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') return truncateText(value, maxString);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (depth >= MAX_OUTPUT_DEPTH) return TRUNCATION_MARKER;
  if (Array.isArray(value)) {
    const items = value
      .slice(0, maxItems)
      .map(item => boundedJson(item, options, depth + 1));
    if (value.length > maxItems) {
      items.push(`${TRUNCATION_MARKER} (${value.length - maxItems} more)`);
    }
    return items;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    const bounded: Record<string, unknown> = {};
    for (const [key, v] of entries.slice(0, maxItems * 2)) {
      bounded[key] = boundedJson(v, options, depth + 1);
    }
    if (entries.length > maxItems * 2) bounded['…'] = TRUNCATION_MARKER;
    return bounded;
  }
  // functions, symbols, bigints: not data
  return String(value);
}
