// Every screen is a chunk of its own, loaded when its route is opened: the first page
// evaluates React, the shell (app.tsx) and the one screen it shows, never the others.
// The entry (src/main.tsx) starts the opened route's chunk at navigation, in parallel
// with the app's chunk (app/start.tsx), and the app reads the same promise (one import
// per screen and page); a later hash change loads the next screen's chunk then.
import type { ComponentType } from 'react';
import type { Route } from './routes';

/** What each screen is given, from its route. */
export interface ScreenProps {
  home: object;
  package: { name: string };
  version: { name: string; version: string };
  audit: { name: string; version: string };
  compare: { name: string; from: string; to: string };
  'verify-bundle': object;
  review: { spec?: string };
  'not-found': { path: string };
}

export type ScreenName = Route['page'];
export type ScreenComponents = { [Name in ScreenName]: ComponentType<ScreenProps[Name]> };
export type ScreenLoaders = { [Name in ScreenName]: () => Promise<ScreenComponents[Name]> };

/** A screen's chunk once settled: its component, or why it could not be loaded. */
export type ScreenChunk<Name extends ScreenName> =
  | { ok: true; Screen: ScreenComponents[Name] }
  | { ok: false; error: unknown };

/**
 * A promise as React's `use` reads it: once settled it carries its value, so a screen
 * whose chunk is already here renders at once, without suspending for a microtask.
 * It never rejects: a failed load settles as `{ ok: false }` (the screen says so).
 */
export type ScreenChunkPromise<Name extends ScreenName> = Promise<ScreenChunk<Name>> &
  ({ status: 'pending' } | { status: 'fulfilled'; value: ScreenChunk<Name> });

/** The screen a route opens, the props it is given, and its key (a new key starts the screen afresh). */
export interface RouteScreenSpec<Name extends ScreenName = ScreenName> {
  name: Name;
  props: ScreenProps[Name];
  key?: string;
}

export function screenOf(route: Route): RouteScreenSpec {
  switch (route.page) {
    case 'home':
    case 'verify-bundle':
      return { name: route.page, props: {} };
    case 'package':
      return { name: 'package', props: { name: route.name }, key: route.name };
    case 'version':
    case 'audit':
      return {
        name: route.page,
        props: { name: route.name, version: route.version },
        key: `${route.name}@${route.version}`,
      };
    case 'compare':
      return {
        name: 'compare',
        props: { name: route.name, from: route.from, to: route.to },
        key: `${route.name}:${route.from}:${route.to}`,
      };
    case 'review':
      // One review screen while its spec changes (a lockfile run moves to #/review).
      return { name: 'review', props: route.spec === undefined ? {} : { spec: route.spec } };
    case 'not-found':
      return { name: 'not-found', props: { path: route.path } };
  }
}

/** The label of the short loading block shown while a screen's chunk arrives. */
export const SCREEN_LOADING_LABELS: Record<ScreenName, string> = {
  home: 'Loading…',
  package: 'Loading…',
  version: 'Loading…',
  audit: 'Loading the audit view…',
  compare: 'Loading the comparison…',
  'verify-bundle': 'Loading the bundle verifier…',
  review: 'Loading the dependency review…',
  'not-found': 'Loading…',
};

/**
 * One promise per screen for the page's life. A failed load stays failed: a module
 * script that failed to load is not fetched again by the same document in every
 * browser, and the screen offers a reload instead (re-importing on every render would
 * loop).
 */
export function createScreenCache(loaders: ScreenLoaders): <Name extends ScreenName>(name: Name) => ScreenChunkPromise<Name> {
  const cache = new Map<ScreenName, ScreenChunkPromise<ScreenName>>();
  return <Name extends ScreenName>(name: Name): ScreenChunkPromise<Name> => {
    const cached = cache.get(name) as ScreenChunkPromise<Name> | undefined;
    if (cached) return cached;
    const load = loaders[name] as () => Promise<ScreenComponents[Name]>;
    let started: Promise<ScreenComponents[Name]>;
    try {
      started = load();
    } catch (error) {
      started = Promise.reject(error);
    }
    const settled = started.then(
      (Screen): ScreenChunk<Name> => ({ ok: true, Screen }),
      (error: unknown): ScreenChunk<Name> => ({ ok: false, error }),
    );
    const promise = Object.assign(settled, { status: 'pending' }) as ScreenChunkPromise<Name>;
    void settled.then((chunk) => Object.assign(promise, { status: 'fulfilled', value: chunk }));
    cache.set(name, promise as ScreenChunkPromise<ScreenName>);
    return promise;
  };
}

// Each screen's module, by its route. The verify and audit screens are imported directly
// (not their Suspense wrappers, which would load them one chunk later).
const SCREEN_LOADERS: ScreenLoaders = {
  home: () => import('../features/search/home-page').then((module) => module.HomePage),
  package: () => import('../features/package/components/package-page').then((module) => module.PackagePage),
  version: () => import('../features/version/components/version-page').then((module) => module.VersionPage),
  audit: () => import('../features/audit/components/audit-screen').then((module) => module.default),
  compare: () => import('../features/compare/components/compare-page').then((module) => module.ComparePage),
  'verify-bundle': () =>
    import('../features/verify-bundle/components/verify-bundle-screen').then((module) => module.default),
  review: () => import('../features/review/components/review-page').then((module) => module.ReviewPage),
  'not-found': () => import('./not-found-page').then((module) => module.NotFoundPage),
};

/**
 * Each screen's module, as the build names it (scripts/preload-app-plugin.ts lists each
 * one's chunks in index.html by this path): the same modules SCREEN_LOADERS imports.
 */
export const SCREEN_MODULES: Record<ScreenName, string> = {
  home: 'src/features/search/home-page.tsx',
  package: 'src/features/package/components/package-page.tsx',
  version: 'src/features/version/components/version-page.tsx',
  audit: 'src/features/audit/components/audit-screen.tsx',
  compare: 'src/features/compare/components/compare-page.tsx',
  'verify-bundle': 'src/features/verify-bundle/components/verify-bundle-screen.tsx',
  review: 'src/features/review/components/review-page.tsx',
  'not-found': 'src/app/not-found-page.tsx',
};

/** The chunk of a screen: started at most once per page. */
export const loadScreen = createScreenCache(SCREEN_LOADERS);
