import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableSleep } from './abortable-sleep';

describe('abortableSleep', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves after its time, not before', async () => {
    let done = false;
    void abortableSleep(100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('resolves as soon as `until` does, and leaves no timer behind', async () => {
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    const controller = new AbortController();
    let done = false;
    void abortableSleep(1_000, controller.signal, until).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    // The listener is gone too: a later abort changes nothing.
    controller.abort();
  });

  it("rejects with the signal's reason when aborted first, or already", async () => {
    const controller = new AbortController();
    const waiting = abortableSleep(1_000, controller.signal, new Promise(() => {}));
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
    await expect(abortableSleep(1_000, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
