import { useEffect, useState } from 'react';

/**
 * False until the browser is idle (or `timeoutMs` passed) after `after` became true: for
 * work that must not compete with what the user waits for, such as loading and compiling
 * the chart code while the timeline's first rows are being drawn.
 */
export function useIdleAfter(after: boolean, timeoutMs = 1500): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!after) return;
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(() => setIdle(true), { timeout: timeoutMs });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = setTimeout(() => setIdle(true), 200);
    return () => clearTimeout(timer);
  }, [after, timeoutMs]);
  return idle;
}
