// The verification progress a package's screens read (use-package-verifications.ts): at
// most one update per interval (750 ms for 3,000 versions), the first one at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PackageRecord, VersionRecord } from '../../core/model';
import { createProgressStore } from './use-package-verifications';

function packageOf(count: number): PackageRecord {
  const versions: VersionRecord[] = Array.from({ length: count }, (_, i) => ({
    name: 'demo',
    version: `1.0.${i}`,
    distTags: [],
    dist: { integrity: `sha512-${i}`, signatures: [] },
    installScripts: {},
    dependencies: {},
  }));
  return { name: 'demo', distTags: {}, versions, removedVersions: [] };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the progress store', () => {
  it('says the kept verdicts are read without holding back the first verdicts that follow', () => {
    vi.useFakeTimers();
    const store = createProgressStore('http://registry.test', packageOf(3000));
    const unsubscribe = store.subscribe(() => undefined);
    expect(store.getSnapshot().storedVerdictsRead).toBe(false);
    // A first visit: nothing kept.
    store.storedVerdictsRead();
    expect(store.getSnapshot().storedVerdictsRead).toBe(true);
    // The first result is shown at once…
    store.fail('1.0.0', new Error('the worker failed'));
    vi.advanceTimersByTime(0);
    expect(store.getSnapshot().done).toBe(1);
    // …the next ones once the interval has passed.
    store.fail('1.0.1', new Error('the worker failed'));
    vi.advanceTimersByTime(0);
    expect(store.getSnapshot().done).toBe(1);
    vi.advanceTimersByTime(750);
    expect(store.getSnapshot().done).toBe(2);
    unsubscribe();
  });

  it('on a revisit, says so in the update that carries the verdicts read back', () => {
    vi.useFakeTimers();
    const store = createProgressStore('http://registry.test', packageOf(10));
    const snapshots: { done: number; read: boolean }[] = [];
    const unsubscribe = store.subscribe(() =>
      snapshots.push({ done: store.getSnapshot().done, read: store.getSnapshot().storedVerdictsRead }),
    );
    snapshots.length = 0;
    // What the adoption's results do (an update on its way), then the flag.
    store.fail('1.0.0', new Error('kept'));
    store.storedVerdictsRead();
    expect(store.getSnapshot().storedVerdictsRead).toBe(false);
    vi.advanceTimersByTime(0);
    expect(snapshots).toEqual([{ done: 1, read: true }]);
    unsubscribe();
  });
});
