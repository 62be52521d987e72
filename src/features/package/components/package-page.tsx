import { lazy, memo, Suspense, useMemo } from 'react';
import { ErrorBoundary } from '../../../components/error-boundary';
import { useIdleAfter } from '../../../components/use-idle';
import { LoadingBlock } from '../../../components/loading-block';
import { ExportButtons } from '../../export/components/export-buttons';
import { FindingsList } from '../../../components/findings-list';
import { PackageHeader } from './package-header';
import { PackageSummary } from './package-summary';
import { Timeline } from './timeline';
import { TimelinePreview } from './timeline-preview';
import { usePackage, usePackagePreview } from '../../../lib/package-data/use-package';
import { PackageLoadError } from '../../../components/package-load-error';
import { cancelPackageLoad } from '../../../lib/registry-client';
import { TrustedRootStatus } from '../../../components/trusted-root-status';

// recharts is large: the charts load after the page, in their own chunk.
const PackageCharts = lazy(() => import('../../charts/components/package-charts'));

// Verification progress re-renders the page often (and synchronously): the parts that
// show only the analysis render again only when the analysis changes.
const MemoTimeline = memo(Timeline);
const MemoFindingsList = memo(FindingsList);
const MemoCharts = memo(PackageCharts);

export function PackagePage({ name }: { name: string }) {
  const { base, query, progress, analysis } = usePackage(name);
  // The chart code (recharts) loads once the timeline is on screen and the page is idle.
  const chartsReady = useIdleAfter(analysis !== undefined);
  const listed = useMemo(() => query.data && new Set(query.data.versions.map((v) => v.version)), [query.data]);
  // A large package's newest versions, shown until the whole history is analysed.
  const preview = usePackagePreview(base, name);

  if (query.isPending) {
    return (
      <>
        <LoadingBlock label={`Loading ${name} from the registry…`} onCancel={() => cancelPackageLoad(base, name)} />
        {preview ? <TimelinePreview preview={preview} /> : null}
      </>
    );
  }
  if (query.isError) {
    return <PackageLoadError error={query.error} retry={() => void query.refetch()} />;
  }
  const pkg = query.data;
  if (!analysis || !listed) {
    return (
      <>
        <LoadingBlock label="Analysing…" />
        {preview ? <TimelinePreview preview={preview} /> : null}
      </>
    );
  }
  return (
    <div data-testid="package-page" data-package={pkg.name}>
      <PackageHeader pkg={pkg} />
      <TrustedRootStatus />
      <ExportButtons pkg={pkg} analysis={analysis} registry={base} />
      {pkg.versions.length === 0 ? (
        <p data-testid="empty" className="mt-6 rounded-md border border-zinc-200 p-4 text-sm dark:border-zinc-800">
          The registry knows {pkg.name} but lists no versions
          {pkg.removedVersions.length ? ` (${pkg.removedVersions.length} were published and later removed)` : ''}.
        </p>
      ) : (
        <>
          <PackageSummary summary={analysis.summary} progress={progress} />
          {/* A chart that fails must not take the timeline with it. */}
          <ErrorBoundary>
            <Suspense fallback={<div data-testid="charts-loading" className="mt-6 h-40" aria-hidden="true" />}>
              {chartsReady ? (
                <MemoCharts analysis={analysis} packageName={pkg.name} />
              ) : (
                <div data-testid="charts-loading" className="mt-6 h-40" aria-hidden="true" />
              )}
            </Suspense>
          </ErrorBoundary>
          <MemoFindingsList
            findings={analysis.findings}
            packageName={pkg.name}
            listed={listed}
            emptyText={
              progress.done < progress.total
                ? 'No findings so far; verification is still running.'
                : 'No findings: the chain of custody does not weaken or change across these versions.'
            }
          />
          <MemoTimeline versions={analysis.versions} findings={analysis.findings} />
        </>
      )}
    </div>
  );
}
