// What a worker call returns. Errors cross the worker boundary as plain data (a thrown
// class would lose its type and fields in structured clone) and are rebuilt as typed
// errors on the main thread.
import type { RegistryErrorData } from '../net/http-errors';
import { toRegistryError } from '../net/http-errors';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: RegistryErrorData };

/** Runs `work` with an AbortController registered under `jobId`, so `cancel(jobId)` stops it. */
export class JobRegistry {
  private readonly controllers = new Map<string, AbortController>();

  async run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    const controller = new AbortController();
    this.controllers.set(jobId, controller);
    try {
      return { ok: true, value: await work(controller.signal) };
    } catch (error) {
      return { ok: false, error: toRegistryError(error).toData() };
    } finally {
      this.controllers.delete(jobId);
    }
  }

  cancel(jobId: string): void {
    this.controllers.get(jobId)?.abort();
  }
}
