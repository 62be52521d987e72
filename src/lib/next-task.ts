// Runs a function in a task of its own, after the browser has had its turn (input,
// rendering, network events): the boot (src/main.tsx) is a sequence of short tasks
// instead of one long one. `scheduler.postTask` where the browser has it, otherwise a
// message to a MessageChannel (not clamped like a nested setTimeout).

interface PostTaskScheduler {
  postTask(
    callback: () => void,
    options?: { priority?: 'user-blocking' | 'user-visible' | 'background' },
  ): Promise<void>;
}

export function nextTask(run: () => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    // user-blocking: ahead of other posted work of the page, still after input and rendering.
    void scheduler.postTask(run, { priority: 'user-blocking' });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(undefined);
}
