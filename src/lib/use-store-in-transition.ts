import { startTransition, useEffect, useState } from 'react';

/**
 * An external store's value whose changes render as transitions: a render that yields
 * to the browser every few milliseconds. `useSyncExternalStore` renders every change
 * synchronously, in the task that made it. `getSnapshot` must be stable (useCallback):
 * another one (another package's) is read at once, not shown stale until its effect.
 */
export function useStoreInTransition<T>(subscribe: (listener: () => void) => () => void, getSnapshot: () => T): T {
  const [state, setState] = useState(() => ({ getSnapshot, value: getSnapshot() }));
  useEffect(() => {
    const update = () =>
      startTransition(() =>
        setState((previous) => {
          const value = getSnapshot();
          return previous.getSnapshot === getSnapshot && Object.is(previous.value, value)
            ? previous
            : { getSnapshot, value };
        }),
      );
    // A change between the render and this effect.
    update();
    return subscribe(update);
  }, [subscribe, getSnapshot]);
  return state.getSnapshot === getSnapshot ? state.value : getSnapshot();
}
