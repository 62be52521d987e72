// Runs work in tasks of its own, after the browser has had its turn (input, rendering,
// network events), so that long work is a sequence of short tasks: the boot
// (src/main.tsx), work done in slices (lib/slices.ts). `scheduler.postTask` where the
// browser has it, otherwise a message to a MessageChannel (not clamped like a nested
// setTimeout, which waits at least 4 ms from the fifth nested timer on).

type Priority = 'user-blocking' | 'user-visible' | 'background';

interface PostTaskScheduler {
  postTask(callback: () => void, options?: { priority?: Priority }): Promise<void>;
}

function post(run: () => void, priority: Priority): void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    void scheduler.postTask(run, { priority });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(undefined);
}

/** Runs `run` in a task of its own, ahead of the page's other posted work (the boot's steps). */
export function nextTask(run: () => void): void {
  // user-blocking: ahead of other posted work of the page, still after input and rendering.
  post(run, 'user-blocking');
}

/** Resolves in a task of its own, at the boot's priority (`nextTask`): `await afterTask()` between boot steps. */
export function afterTask(): Promise<void> {
  return new Promise((resolve) => nextTask(resolve));
}

/** Runs each step in a task of its own, in order: the next one once the previous has run. */
export function inTasks(steps: readonly (() => void)[]): void {
  const [first, ...rest] = steps;
  if (!first) return;
  nextTask(() => {
    first();
    inTasks(rest);
  });
}

/** Resolves in a new task (at the page's usual priority): a long loop's `await` between slices. */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => post(resolve, 'user-visible'));
}
