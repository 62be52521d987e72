import { useEffect, useRef, useState } from 'react';

/**
 * `value`, passed on at most once per `intervalMs`; the latest value always arrives in
 * the end. Verification results stream in every 150 ms on large packages, and a chart
 * redrawn that often would keep the main thread busy for little the eye can follow.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, lastShownAt.current + intervalMs - Date.now());
    // Each new value replaces the pending one, but the deadline stays: no starvation.
    const timer = setTimeout(() => {
      lastShownAt.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}
