// A wait that an AbortSignal ends: the HTTP client's wait before a retry, and a held
// registry job's wait for its caller (core/services/registry-service.ts). Hand-written:
// `AbortSignal.timeout` with `AbortSignal.any` would leave the timer running once the
// wait ends early, and the platform has no timer promise outside Node.

/**
 * Resolves after `ms`, or as soon as `until` resolves, whichever comes first; rejects
 * with the signal's reason if it aborts before. The timer and the listener are cleared
 * however it ends.
 */
export function abortableSleep(ms: number, signal?: AbortSignal, until?: Promise<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const reason = () => signal?.reason ?? new DOMException('Aborted', 'AbortError');
    if (signal?.aborted) {
      reject(reason());
      return;
    }
    const end = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      end();
      reject(reason());
    };
    const timer = setTimeout(() => {
      end();
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    void until?.then(() => {
      end();
      resolve();
    });
  });
}
