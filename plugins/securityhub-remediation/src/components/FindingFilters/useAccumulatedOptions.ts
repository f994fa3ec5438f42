import { useMemo, useRef } from 'react';

/** One choice of a filter: the value sent to the backend and what people read. */
export interface FilterOption {
  value: string;
  /** Longer description, e.g. a control's title. */
  description?: string;
  /** Findings with this value under the current filters, when known. */
  count?: number;
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
        count: counts.get(value),
      }))
      .sort((a, b) => a.value.localeCompare(b.value));
  }, [buckets, selected]);
}
