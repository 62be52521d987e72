import { describe, expect, it } from 'vitest';
import { nextTask } from './next-task';

describe('nextTask', () => {
  it('runs the function after the current task and its microtasks, in the order asked', async () => {
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      nextTask(() => seen.push('first'));
      nextTask(() => {
        seen.push('second');
        resolve();
      });
    });
    seen.push('sync');
    await Promise.resolve();
    seen.push('microtask');
    await done;
    expect(seen).toEqual(['sync', 'microtask', 'first', 'second']);
  });

  it('uses scheduler.postTask where the browser has it', async () => {
    const posted: string[] = [];
    const scheduler = {
      postTask(callback: () => void, options?: { priority?: string }) {
        posted.push(options?.priority ?? 'none');
        return Promise.resolve().then(callback);
      },
    };
    Object.assign(globalThis, { scheduler });
    try {
      const ran = new Promise<void>((resolve) => nextTask(resolve));
      await ran;
      expect(posted).toEqual(['user-blocking']);
    } finally {
      delete (globalThis as { scheduler?: unknown }).scheduler;
    }
  });
});
