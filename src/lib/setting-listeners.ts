/**
 * The listeners of a browser setting read from the address and from localStorage: they
 * hear of it when this page saves it (`notify`), on back/forward (`popstate`) and when
 * another tab saves it (`storage`). `subscribe` is shaped for useSyncExternalStore.
 */
export function settingListeners(): { subscribe: (listener: () => void) => () => void; notify: () => void } {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      window.addEventListener('popstate', listener);
      window.addEventListener('storage', listener);
      return () => {
        listeners.delete(listener);
        window.removeEventListener('popstate', listener);
        window.removeEventListener('storage', listener);
      };
    },
    notify() {
      for (const listener of listeners) listener();
    },
  };
}
