import { memo } from 'react';
import type { TrustSeries } from '../../../core/analysis/chart-series';
import { ChartFigure } from './chart-figure';
import { TrustAreas } from './trust-areas';
import { TrustLegend } from './trust-legend';
import { TrustScatter } from './trust-scatter';
import { TrustTable } from './trust-table';

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
        <TrustScatter series={series} packageName={packageName} />
      )}
    </ChartFigure>
  );
});
