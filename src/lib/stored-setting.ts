// A setting saved in this browser's localStorage, read and written without ever
// throwing: storage can be absent (outside a page), disabled (private browsing, a
// sandboxed iframe, blocked cookies) or full, and the page then simply keeps the value
// of the address or the default.

export interface StoredSetting {
  /** The saved value, or null when nothing is saved or storage cannot be read. */
  get(): string | null;
  /** Saves the value (null removes it); when storage refuses, nothing is saved. */
  set(value: string | null): void;
}

function storage(): Storage | undefined {
  // Reading `localStorage` itself throws where storage is blocked.
  return typeof window === 'undefined' ? undefined : window.localStorage;
}

export function storedSetting(key: string): StoredSetting {
  return {
    get() {
      try {
        return storage()?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(value) {
      try {
        const store = storage();
        if (value === null) store?.removeItem(key);
        else store?.setItem(key, value);
      } catch {
        // Not persisted.
      }
    },
  };
}
