// Long main-thread work (decoding a package, analysing one without the worker) run as a
// generator, a slice at a time, each slice in its own task, so the page keeps answering.
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
    await nextTask();
    if (signal?.aborted) throw abortError();
  }
}

/** A new task, without setTimeout's 4 ms clamp for nested timers. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
