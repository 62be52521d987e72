// Long main-thread work (decoding a package, analysing one without the worker) run as a
// generator, a slice at a time, each slice in its own task, so the page keeps answering.
import { yieldToPage } from './next-task';
import { abortError } from './worker-rpc';

/**
 * Runs `steps` to its end, `sliceMs` of steps per task. With a `signal`, an abort seen
 * between slices stops it with ABORTED.
 */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs: number, signal?: AbortSignal): Promise<T> {
  for (;;) {
    const deadline = performance.now() + sliceMs;
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() >= deadline) break;
    }
    await yieldToPage();
    if (signal?.aborted) throw abortError();
  }
}
