import { createElement, startTransition, useEffect, useReducer, type ComponentType } from 'react';
import { LoadingBlock } from '../components/loading-block';
import type { Route } from './routes';
import { loadScreen, screenOf, SCREEN_LOADING_LABELS } from './screens';
import { ScreenLoadFailed } from './screen-load-failed';

/**
 * The opened route's screen, from its chunk (app/screens.ts); a chunk already here
 * renders at once. While the chunk arrives it shows a short loading block itself instead
 * of suspending: after a hash change, React holds back the commit that replaces a
 * Suspense fallback until 300 ms after the fallback appeared (its throttling of
 * Suspense reveals), so a screen whose chunk took 50 ms showed 300 ms later. The chunk's
 * arrival is a transition (rendered in slices, and not throttled).
 */
export function RouteScreen({ route }: { route: Route }) {
  const { name, props, key } = screenOf(route);
  const promise = loadScreen(name);
  const [, chunkArrived] = useReducer((count: number) => count + 1, 0);
  const pending = promise.status === 'pending';
  useEffect(() => {
    if (!pending) return;
    let live = true;
    void promise.then(() => {
      if (live) startTransition(() => chunkArrived());
    });
    return () => {
      live = false;
    };
  }, [promise, pending]);
  if (pending) return <LoadingBlock label={SCREEN_LOADING_LABELS[name]} />;
  const chunk = promise.value;
  if (!chunk.ok) return <ScreenLoadFailed error={chunk.error} />;
  // The chunk is the route's own screen (loadScreen(name)): it takes screenOf's props.
  return createElement(chunk.Screen as ComponentType<typeof props>, { key, ...props });
}
