import { lazy, Suspense } from 'react';
import { HOME_HREF, REVIEW_HREF, VERIFY_BUNDLE_HREF } from '../lib/hrefs';
import { parseHash, useHash } from './routes';
import { ErrorBoundary } from '../components/error-boundary';
import { LoadingBlock } from '../components/loading-block';
import { HomePage } from '../features/search/home-page';
import { SearchForm } from '../features/search/search-form';
import { PackagePage } from '../features/package/components/package-page';
import { VersionPage } from '../features/version/components/version-page';
import { RegistryBanner } from '../features/registry-setting/registry-banner';
import { RegistrySettings } from '../features/registry-setting/registry-settings';
import { TufSettings } from '../features/trusted-root/tuf-settings';
import { AuditPage } from '../features/audit/components/audit-page';
import { VerifyBundlePage } from '../features/verify-bundle/components/verify-bundle-page';

// Loaded when first opened: most visits never compare two versions.
const ComparePage = lazy(() =>
  import('../features/compare/components/compare-page').then((module) => ({ default: module.ComparePage })),
);

// Loaded when first opened: the lockfile parsers (YAML, Yarn) stay out of the first page.
const ReviewPage = lazy(() =>
  import('../features/review/components/review-page').then((module) => ({ default: module.ReviewPage })),
);

export function App() {
  const hash = useHash();
  const route = parseHash(hash);
  const currentName = 'name' in route ? route.name : '';
  return (
    <div className="min-h-screen bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <RegistryBanner />
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2">
          <a href={HOME_HREF} className="whitespace-nowrap font-semibold">
            Provenance Explorer
          </a>
          {route.page !== 'home' ? (
            <div className="flex-1">
              <SearchForm key={currentName} initial={currentName} />
            </div>
          ) : (
            <div className="flex-1" />
          )}
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
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 pb-16">
        {/* The review screen stays mounted while its spec changes (a lockfile run moves to #/review). */}
        <ErrorBoundary key={route.page === 'review' ? REVIEW_HREF : hash}>
          {route.page === 'home' ? <HomePage /> : null}
          {route.page === 'package' ? <PackagePage key={route.name} name={route.name} /> : null}
          {route.page === 'version' ? (
            <VersionPage key={`${route.name}@${route.version}`} name={route.name} version={route.version} />
          ) : null}
          {route.page === 'audit' ? (
            <AuditPage key={`${route.name}@${route.version}`} name={route.name} version={route.version} />
          ) : null}
          {route.page === 'compare' ? (
            <Suspense fallback={<LoadingBlock label="Loading the comparison…" />}>
              <ComparePage
                key={`${route.name}:${route.from}:${route.to}`}
                name={route.name}
                from={route.from}
                to={route.to}
              />
            </Suspense>
          ) : null}
          {route.page === 'verify-bundle' ? <VerifyBundlePage /> : null}
          {route.page === 'review' ? (
            <Suspense fallback={<LoadingBlock label="Loading the dependency review…" />}>
              <ReviewPage spec={route.spec} />
            </Suspense>
          ) : null}
          {route.page === 'not-found' ? (
            <div role="alert" data-testid="error" data-error-code="ROUTE_NOT_FOUND" className="mt-8 text-sm">
              There is no page at <code>#{route.path}</code>.{' '}
              <a href={HOME_HREF} className="underline">
                Search for a package
              </a>
              .
            </div>
          ) : null}
        </ErrorBoundary>
      </main>
    </div>
  );
}
