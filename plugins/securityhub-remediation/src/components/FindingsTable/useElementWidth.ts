import { useEffect, useState, type RefObject } from 'react';

/**
 * The element's width in px as it is laid out, followed as it changes
 * (window resized, sidebar pinned); undefined where it cannot be measured
 * (before layout, or without ResizeObserver).
 */
export function useElementWidth(
  ref: RefObject<HTMLElement>,
): number | undefined {
  const [width, setWidth] = useState<number>();
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.round(entry.contentRect.width)),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
