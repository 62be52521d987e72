// Helpers shared by the main-thread clients of our workers.
import { RegistryError } from '../core/net/http-errors';
import type { Outcome } from '../core/services/job-outcome';

let sequence = 0;

export function nextJobId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

export function unwrapOutcome<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new RegistryError(outcome.error);
}

/** Calls `cancel` when `signal` aborts, for as long as `work` runs. */
export async function withCancellation<T>(
  signal: AbortSignal | undefined,
  cancel: () => void,
  work: () => Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw abortError();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await work();
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

export function abortError(): RegistryError {
  return new RegistryError({ code: 'ABORTED', message: 'The request was cancelled.' });
}

/**
 * `promise`, or `aborted()` (ABORTED by default) as soon as `signal` aborts. The work
 * itself goes on for whoever else waits on it (a shared query, the session's cache);
 * only this caller stops waiting.
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  aborted: () => Error = abortError,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Rejects when the worker fails to load or crashes, so that no call waits forever. */
export function workerFailure(worker: Worker, what: string): Promise<never> {
  return new Promise((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new Error(`The ${what} could not start or crashed${event.message ? `: ${event.message}` : ''}.`));
    });
  });
}
