import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TaskSlices } from './review-slices';

describe('TaskSlices', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts as much work a task as fits in the budget, in order, the rest in later tasks', async () => {
    let clock = 0;
    const slices = new TaskSlices(8, () => clock);
    const started: number[] = [];
    const answers = Array.from({ length: 7 }, (_, index) =>
      slices.run(async () => {
        started.push(index);
        clock += 3; // each start takes 3 ms of the main thread
        return index * 10;
      }),
    );
    // Nothing starts in the task that asked.
    expect(started).toEqual([]);
    await vi.advanceTimersToNextTimerAsync();
    // 0 ms, 3 ms, 6 ms: three fit in 8 ms, the fourth waits for the next task.
    expect(started).toEqual([0, 1, 2]);
    await vi.advanceTimersToNextTimerAsync();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    await vi.advanceTimersToNextTimerAsync();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await expect(Promise.all(answers)).resolves.toEqual([0, 10, 20, 30, 40, 50, 60]);
  });

  it('starts at least one a task, however long it takes, and passes failures on', async () => {
    let clock = 0;
    const slices = new TaskSlices(8, () => clock);
    const started: string[] = [];
    const slow = slices.run(async () => {
      started.push('slow');
      clock += 50;
      return 'slow';
    });
    const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
    const throws = slices
      .run(() => {
        started.push('throws');
        throw new Error('no job');
      })
      .catch(message);
    const rejects = slices
      .run(async () => {
        started.push('rejects');
        throw new Error('job failed');
      })
      .catch(message);
    await vi.advanceTimersToNextTimerAsync();
    expect(started).toEqual(['slow']);
    await vi.advanceTimersToNextTimerAsync();
    expect(started).toEqual(['slow', 'throws', 'rejects']);
    await expect(slow).resolves.toBe('slow');
    await expect(throws).resolves.toBe('no job');
    await expect(rejects).resolves.toBe('job failed');
  });
});
