import { useEffect, useState, type RefObject } from 'react';

/**
 * The width of an element, from a ResizeObserver: delivered after layout, so it never
 * forces one (no getBoundingClientRect), and it changes only when the element resizes,
 * never on scroll. 0 until the first observation.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
