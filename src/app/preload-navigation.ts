// An in-app navigation to a package's route (the search box, a link): its packument
// request starts at the hash change, as a shared link's does at navigation, instead of
// once the screen's chunk has loaded and its query mounted. After a search from the home
// page on an emulated 50 Mbit/s, 40 ms link the request left 29 ms after Enter instead of
// 96, the first row 754 ms instead of 815 (medians of 6 alternated runs); on loopback the
// request left 30 ms sooner and the first row no sooner (the two cores are the limit
// there). The package query adopts the request (lib/registry-client.ts).
import type { QueryClient } from '@tanstack/react-query';
import { packageQueryKey } from '../lib/package-data/package-query-key';
import { preloadPackage } from '../lib/registry-client';
import { currentRegistrySetting, type RegistrySetting } from '../lib/registry-setting-value';
import type { Route } from './routes';

/**
 * Nothing is sent for a package the query cache has (another route of the same package,
 * the way back) or is loading: its query would never ask, and the request would be wasted.
 * Not `prefetchQuery`: a query that fails before its screen mounts is fetched again when
 * the screen mounts (TanStack's `retryOnMount`), two requests for one navigation.
 */
export function preloadNavigation(
  route: Route,
  queries: Pick<QueryClient, 'getQueryData' | 'isFetching'>,
  setting: RegistrySetting = currentRegistrySetting(),
  preload: (base: string, name: string) => void = preloadPackage,
): void {
  if (!('name' in route) || setting.invalid) return;
  const queryKey = packageQueryKey(setting.base, route.name);
  if (queries.getQueryData(queryKey) !== undefined || queries.isFetching({ queryKey }) > 0) return;
  preload(setting.base, route.name);
}
