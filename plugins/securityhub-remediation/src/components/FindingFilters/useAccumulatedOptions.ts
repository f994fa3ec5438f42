import { useMemo, useRef } from 'react';

/** One choice of a filter: the value sent to the backend and what people read. */
export interface FilterOption {
  value: string;
  /** Longer description, e.g. a control's title. */
  description?: string;
  /**
   * Findings this value would match with the other filters (its facet
   * count), when known.
   */
  count?: number;
}

/** A facet's counts as buckets, with the titles the summary knows (controls). */
export function facetBuckets(
  counts: Record<string, number> | undefined,
  titled: ReadonlyArray<{ key: string; title: string }> = [],
): Array<{ key: string; total: number; title?: string }> | undefined {
  if (!counts) return undefined;
  const titles = new Map(titled.map(bucket => [bucket.key, bucket.title]));
  return Object.entries(counts).map(([key, total]) => ({
    key,
    total,
    title: titles.get(key),
  }));
}

/**
 * Options of a facet filter, taken from the summary buckets but remembered
 * across summaries. The summary is computed with the current filters, so
 * after picking account A the buckets only contain A; without remembering,
 * adding account B would be impossible.
 */
export function useAccumulatedOptions(
  buckets:
    | ReadonlyArray<{ key: string; total: number; title?: string }>
    | undefined,
  selected: readonly string[] | undefined,
): FilterOption[] {
  const seen = useRef(new Map<string, string | undefined>());
  return useMemo(() => {
    const counts = new Map<string, number>();
    for (const bucket of buckets ?? []) {
      seen.current.set(
        bucket.key,
        bucket.title ?? seen.current.get(bucket.key),
      );
      counts.set(bucket.key, bucket.total);
    }
    for (const value of selected ?? []) {
      if (!seen.current.has(value)) seen.current.set(value, undefined);
    }
    return [...seen.current.entries()]
      .map(([value, description]) => ({
        value,
        description,
        // A value the loaded facet leaves out matches nothing now.
        count: buckets ? counts.get(value) ?? 0 : undefined,
      }))
      .sort((a, b) => a.value.localeCompare(b.value));
  }, [buckets, selected]);
}
