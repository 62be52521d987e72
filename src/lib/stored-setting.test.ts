// The saved settings' one access to localStorage: a working storage round-trips,
// and absent or blocked storage reads as "nothing saved" and ignores writes, never
// throwing into the page.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storedSetting } from './stored-setting';

/** A Storage kept in a Map (the unit tests run under Node, without a page). */
function memoryStorage(): Storage {
  const values = new Map<string, string>();
  return {
    get length() {
      return values.size;
    },
    clear: () => values.clear(),
    key: (index) => [...values.keys()][index] ?? null,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
  };
}

/** A Storage whose every call throws, as in a browser that blocks it (or a full quota on writes). */
function throwingStorage(): Storage {
  const refuse = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  return { length: 0, clear: refuse, key: refuse, getItem: refuse, setItem: refuse, removeItem: refuse };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('storedSetting', () => {
  it('reads back what it saved, per key, and null removes it', () => {
    const storage = memoryStorage();
    vi.stubGlobal('window', { localStorage: storage });
    const registry = storedSetting('test.registry');
    const other = storedSetting('test.other');
    expect(registry.get()).toBeNull();
    registry.set('https://registry.example/');
    expect(registry.get()).toBe('https://registry.example/');
    expect(storage.getItem('test.registry')).toBe('https://registry.example/');
    expect(other.get()).toBeNull();
    registry.set(null);
    expect(registry.get()).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('reads a value saved before it was created (another tab, an earlier visit)', () => {
    const storage = memoryStorage();
    storage.setItem('test.concurrency', '4');
    vi.stubGlobal('window', { localStorage: storage });
    expect(storedSetting('test.concurrency').get()).toBe('4');
  });

  it('treats storage whose calls throw as empty and drops writes', () => {
    vi.stubGlobal('window', { localStorage: throwingStorage() });
    const setting = storedSetting('test.registry');
    expect(setting.get()).toBeNull();
    expect(() => setting.set('https://registry.example/')).not.toThrow();
    expect(() => setting.set(null)).not.toThrow();
    expect(setting.get()).toBeNull();
  });

  it('treats a page whose localStorage getter throws (blocked storage) as empty', () => {
    const page = {};
    Object.defineProperty(page, 'localStorage', {
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    vi.stubGlobal('window', page);
    const setting = storedSetting('test.registry');
    expect(setting.get()).toBeNull();
    expect(() => setting.set('8')).not.toThrow();
  });

  it('works without a page at all (no window) and without localStorage on it', () => {
    expect(typeof window).toBe('undefined');
    const setting = storedSetting('test.registry');
    expect(setting.get()).toBeNull();
    expect(() => setting.set('x')).not.toThrow();
    vi.stubGlobal('window', {});
    expect(setting.get()).toBeNull();
    expect(() => setting.set('x')).not.toThrow();
    expect(() => setting.set(null)).not.toThrow();
  });
});
