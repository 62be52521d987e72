import {
  memo,
  startTransition,
  useDeferredValue,
  useEffect,
  useMemo,
  useState,
  type ComponentType,
  type ReactNode,
} from 'react';
import { ErrorBoundary } from '../../../components/error-boundary';
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
import type { PackageAnalysis } from '../../../core/model';

type ChartsComponent = ComponentType<{ analysis: PackageAnalysis; packageName: string }>;

// The charts load after the page, in their own chunk, imported once per page. Imported
// from an idle callback, not by React.lazy in a render: the import's module-preload step
// and the chunk's evaluation then run in tasks of their own, not inside the render that
// first shows the charts.
let chartsChunk: Promise<ChartsComponent> | undefined;
const loadCharts = () =>
  (chartsChunk ??= import('../../charts/components/package-charts').then((module) => memo(module.default)));

/**
 * The chart component once the page is idle after `after` was first true and the chunk is
 * loaded (once asked for, the charts are not given up when `after` turns false again); it
 * arrives in a transition (a render that yields), and a chunk that failed to load is
 * thrown in a render, for the ErrorBoundary around the charts.
 */
function useCharts(after: boolean): ChartsComponent | undefined {
  const [charts, setCharts] = useState<{ component?: ChartsComponent; error?: unknown }>({});
  const [wanted, setWanted] = useState(false);
  if (after && !wanted) setWanted(true);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    const load = () =>
      loadCharts().then(
        (component) => live && startTransition(() => setCharts({ component })),
        (error: unknown) => live && setCharts({ error }),
      );
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = setTimeout(load, 200);
      return () => {
        live = false;
        clearTimeout(timer);
      };
    }
    const handle = window.requestIdleCallback(load, { timeout: 1500 });
    return () => {
      live = false;
      window.cancelIdleCallback(handle);
    };
  }, [wanted]);
  if (charts.error !== undefined) throw charts.error;
  return charts.component;
}

/**
 * Renders `children` from the commit after the one that mounted it, as a transition of
 * its own. The page reads stores (useSyncExternalStore: verification progress changes
 * every 150 ms); a transition that re-renders the page is redone synchronously, in one
 * task, when a store changed while it rendered. This one re-renders only `children`,
 * which read none, so mounting the timeline's rows or the findings yields as planned.
 */
function Later({ children, placeholder }: { children: ReactNode; placeholder: ReactNode }) {
  const [shown, setShown] = useState(false);
  useEffect(() => startTransition(() => setShown(true)), []);
  return shown ? children : placeholder;
}

// Verification progress re-renders the page often (and synchronously): the parts that
// show only the analysis render again only when the analysis changes.
const MemoTimeline = memo(Timeline);
const MemoFindingsList = memo(FindingsList);

export function PackagePage({ name }: { name: string }) {
  const { base, query, progress, analysis: latest, analysisIsCurrent } = usePackage(name);
  // The query's updates render synchronously (useSyncExternalStore), in one task: the
  // page renders the analysis as a deferred value instead, a render that yields, so the
  // switch from the preview to the whole page (and each update after it) is built in
  // slices and only its commit is one piece. Never an analysis of another package: none
  // while the current one has none.
  const deferred = useDeferredValue(latest);
  const analysis = latest === undefined ? undefined : deferred;
  // The chart code loads once the timeline is on screen and the page is idle; on a
  // revisit, once the analysis holds the verdicts read back: the charts are drawn once,
  // with them, and loading them (recharts for a small history) no longer takes the main
  // thread while the verdicts are on their way (a revisit's first row → every verdict:
  // 302 → 259 ms, medians of 6 alternated runs).
  const Charts = useCharts(analysis !== undefined && progress.storedVerdictsRead && analysisIsCurrent);
  const listed = useMemo(() => query.data && new Set(query.data.versions.map((v) => v.version)), [query.data]);
  // The newest versions, shown until the whole history is analysed.
  const preview = usePackagePreview(base, name, query.data);

  // Every state until the page is analysed is a <div> whose first child is the package's
  // heading, as the page's own: the name is the page's title from the first rows on, and
  // React keeps that heading (same type, same place) when the page replaces the preview.
  // Written out here rather than as a component of their own: a component at the root
  // would be another type there, and React would build the heading again.
  if (query.isPending) {
    return (
      <div>
        <PackageHeader name={name} />
        <LoadingBlock label={`Loading ${name} from the registry…`} onCancel={() => cancelPackageLoad(base, name)} />
        {preview ? <TimelinePreview preview={preview} /> : null}
      </div>
    );
  }
  if (query.isError) {
    return <PackageLoadError error={query.error} retry={() => void query.refetch()} />;
  }
  const pkg = query.data;
  if (!analysis || !listed) {
    return (
      <div>
        <PackageHeader name={pkg.name} description={pkg.description} />
        <LoadingBlock label="Analysing…" />
        {preview ? <TimelinePreview preview={preview} /> : null}
      </div>
    );
  }
  const timelinePlaceholder = preview ? (
    <TimelinePreview preview={preview} />
  ) : (
    <div className="mt-6 h-40" aria-hidden="true" />
  );
  return (
    <div data-testid="package-page" data-package={pkg.name}>
      <PackageHeader name={pkg.name} description={pkg.description} />
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
            <ChartsSlot Charts={Charts} analysis={analysis} packageName={pkg.name} />
          </ErrorBoundary>
          {/* The findings (a long list to build and lay out, mostly below the fold) and the
              timeline come after the commit that switches from the preview to the page. */}
          <Later placeholder={null}>
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
          </Later>
          {/* One commit after the findings (on screen first; each commit well under 50 ms).
              Until then the preview's rows stay, in the timeline's place: with an empty
              placeholder the page showed no version at all for 30–80 ms between them. */}
          <Later placeholder={timelinePlaceholder}>
            <Later placeholder={timelinePlaceholder}>
              <MemoTimeline versions={analysis.versions} findings={analysis.findings} />
            </Later>
          </Later>
        </>
      )}
    </div>
  );
}

function ChartsSlot({
  Charts,
  analysis,
  packageName,
}: {
  Charts: ChartsComponent | undefined;
  analysis: PackageAnalysis;
  packageName: string;
}) {
  return Charts ? (
    <Charts analysis={analysis} packageName={packageName} />
  ) : (
    <div data-testid="charts-loading" className="mt-6 h-40" aria-hidden="true" />
  );
}
