import { useDeferredValue, useMemo } from 'react';
import { cadenceSeries, trustSeries } from '../../../core/analysis/chart-series';
import type { PackageAnalysis } from '../../../core/model';
import { CHART_COLOR_VARIABLES } from '../chart-theme';
import { useStableRecords } from '../use-stable-records';
import { useThrottledValue } from '../use-throttled-value';
import { CadenceChart } from './cadence-chart';
import { TrustChart } from './trust-chart';

const CHART_UPDATE_MS = 1000;

/** Charts of the history, above the timeline. Loaded lazily (recharts is large). */
export default function PackageCharts({ analysis, packageName }: { analysis: PackageAnalysis; packageName: string }) {
  // Results stream in every 150 ms on large packages: the charts follow at most once a
  // second, at a lower priority than the rest of the page, so input stays responsive.
  const deferred = useDeferredValue(useThrottledValue(analysis, CHART_UPDATE_MS));
  // Aggregated in the registry worker with the analysis; computed here only without it.
  const precomputed = deferred.charts;
  const trust = useMemo(() => precomputed?.trust ?? trustSeries(deferred.versions), [precomputed, deferred.versions]);
  const records = useStableRecords(deferred.versions);
  const cadence = useMemo(() => precomputed?.cadence ?? cadenceSeries(records), [precomputed, records]);
  return (
    <section aria-labelledby="charts-heading" data-testid="charts" className={`mt-6 ${CHART_COLOR_VARIABLES}`}>
      <h2 id="charts-heading" className="text-lg font-semibold">
        History
      </h2>
      <div className="mt-2 grid gap-4 xl:grid-cols-2">
        <TrustChart series={trust} packageName={packageName} />
        <CadenceChart series={cadence} />
      </div>
    </section>
  );
}
