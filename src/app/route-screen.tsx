import { createElement, use, type ComponentType } from 'react';
import type { Route } from './routes';
import { loadScreen, screenOf } from './screens';
import { ScreenLoadFailed } from './screen-load-failed';

/**
 * The opened route's screen, from its chunk (app/screens.ts). Suspends while the chunk
 * arrives (app.tsx shows a short loading block); a chunk already here renders at once.
 */
export function RouteScreen({ route }: { route: Route }) {
  const { name, props, key } = screenOf(route);
  const chunk = use(loadScreen(name));
  if (!chunk.ok) return <ScreenLoadFailed error={chunk.error} />;
  // The chunk is the route's own screen (loadScreen(name)): it takes screenOf's props.
  return createElement(chunk.Screen as ComponentType<typeof props>, { key, ...props });
}
