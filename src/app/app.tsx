import { Suspense, useDeferredValue, useEffect, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { HOME_HREF, REVIEW_HREF, VERIFY_BUNDLE_HREF } from '../lib/hrefs';
import { parseHash } from './routes';
import { preloadNavigation } from './preload-navigation';
import { useHash } from './use-hash';
import { ErrorBoundary } from '../components/error-boundary';
import { LoadingBlock } from '../components/loading-block';
import { SearchForm } from '../features/search/search-form';
import { RegistryBanner } from '../features/registry-setting/registry-banner';
import { RegistrySettings } from '../features/registry-setting/registry-settings';
import { TufSettings } from '../features/trusted-root/tuf-settings';
import { RouteScreen } from './route-screen';
import { SCREEN_LOADING_LABELS } from './screens';

// The shell: the header on every page, and the opened route's screen, each screen a
// chunk of its own (app/screens.ts).
export function App() {
  const hash = useHash();
  const route = parseHash(hash);
  const queries = useQueryClient();
  // In the event itself, before React renders the new route: its packument request first.
  useEffect(() => {
    const onHashChange = () => preloadNavigation(parseHash(window.location.hash), queries);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [queries]);
  const currentName = 'name' in route ? route.name : '';
  return (
    <div className="min-h-screen bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <RegistryBanner />
      <header data-testid="app-header" className="border-b border-zinc-200 dark:border-zinc-800">
        {/* One row on a wide screen; on a narrow one the links wrap and the search takes a row of its own. */}
        <div className="relative mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
          <a href={HOME_HREF} className="whitespace-nowrap font-semibold">
            Provenance Explorer
          </a>
          {route.page !== 'home' ? (
            <div className="order-last w-full lg:order-none lg:w-auto lg:flex-1">
              <SearchForm key={currentName} initial={currentName} />
            </div>
          ) : null}
          <nav aria-label="Tools and settings" className="ml-auto flex flex-wrap items-center gap-x-4 gap-y-2">
            <a href={REVIEW_HREF} className="whitespace-nowrap text-xs text-sky-700 hover:underline dark:text-sky-300">
              Review dependencies
            </a>
            <a
              href={VERIFY_BUNDLE_HREF}
              className="whitespace-nowrap text-xs text-sky-700 hover:underline dark:text-sky-300"
            >
              Verify a bundle
            </a>
            <RegistrySettings />
            <TufSettings />
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 pb-16">
        {/* The review screen stays mounted while its spec changes (a lockfile run moves to #/review). */}
        <ErrorBoundary key={route.page === 'review' ? REVIEW_HREF : hash}>
          <Suspense fallback={<LoadingBlock label={SCREEN_LOADING_LABELS[route.page]} />}>
            <AfterShell fallback={<LoadingBlock label={SCREEN_LOADING_LABELS[route.page]} />}>
              <RouteScreen route={route} />
            </AfterShell>
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}

/** Set once the page's first screen has rendered: later screens need not wait for the shell. */
let firstScreenShown = false;

/**
 * The page's first commit is the shell alone (with the loading block): the screen
 * renders in a deferred render after it, so that neither commit holds the main thread
 * long. A later screen (a new route) renders at once.
 */
function AfterShell({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  const shellShown = useDeferredValue(true, firstScreenShown ? undefined : false);
  useEffect(() => {
    if (shellShown) firstScreenShown = true;
  }, [shellShown]);
  return shellShown ? children : fallback;
}
