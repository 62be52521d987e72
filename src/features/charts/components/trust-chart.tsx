import { lazy, memo, Suspense } from 'react';
import type { TrustSeries } from '../../../core/analysis/chart-series';
import { ChartFigure } from './chart-figure';
import { TrustAreas } from './trust-areas';
import { TrustLegend } from './trust-legend';
import { STACKED_CHART_HEIGHT } from './stacked-period-chart';
import { TrustTable } from './trust-table';

// recharts (its own chunk): one mark per version is for small histories only, so a large
// package's page never loads or evaluates it.
const TrustScatter = lazy(() => import('./trust-scatter'));

/** Memoised: it redraws only when its series changes. */
export const TrustChart = memo(function TrustChart({
  series,
  packageName,
}: {
  series: TrustSeries;
  packageName: string;
}) {
  return (
    <ChartFigure
      testId="trust-chart"
      title="Trust level over time"
      summary={series.summary}
      caption={series.caption}
      attributes={{
        'data-aggregated': String(series.aggregated),
        'data-unit': series.unit ?? 'version',
        'data-versions': String(series.marks.length),
        'data-pending': String(series.pending),
      }}
      legend={<TrustLegend aggregated={series.aggregated} showRises={!series.aggregated && series.rises.length > 0} />}
      table={<TrustTable series={series} packageName={packageName} />}
    >
      {series.marks.length === 0 ? (
        <p className="py-8 text-center text-sm">No version has a publish time to place.</p>
      ) : series.aggregated ? (
        <TrustAreas series={series} />
      ) : (
        <Suspense fallback={<div style={{ height: STACKED_CHART_HEIGHT }} />}>
          <TrustScatter series={series} packageName={packageName} />
        </Suspense>
      )}
    </ChartFigure>
  );
});
