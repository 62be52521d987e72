import { lazy, memo, Suspense, useMemo } from 'react';
import {
  AGGREGATE_ABOVE,
  periodLabel,
  type CadenceBucket,
  type CadenceSeries,
} from '../../../core/analysis/chart-series';
import { groupColors } from '../chart-theme';
import { BucketTooltip } from './bucket-tooltip';
import { CadenceTable } from './cadence-table';
import { ChartFigure } from './chart-figure';
import { STACKED_CHART_HEIGHT, StackedPeriodChart, type StackedLayer } from './stacked-period-chart';

// recharts (its own chunk): only a small history is drawn with it, so a large package's
// page never loads or evaluates it.
const CadenceBars = lazy(() => import('./cadence-bars'));

/**
 * Versions per period, stacked by who published them. Memoised: its series comes from
 * the records alone, so verification results streaming in do not redraw it.
 */
export const CadenceChart = memo(function CadenceChart({ series }: { series: CadenceSeries }) {
  const colors = useMemo(() => groupColors(series.groups), [series.groups]);
  const labelOf = (i: number) => {
    const group = series.groups[i];
    if (!group) return '';
    return group.kind === 'trusted-publisher' ? `${group.label} (trusted publisher)` : group.label;
  };
  // As many versions as the trust chart aggregates: one path per publisher, not one bar
  // element per period and publisher (recharts), which cost a long task on every draw.
  const large = series.groups.reduce((sum, group) => sum + group.versions, 0) > AGGREGATE_ABOVE;
  const periods = useMemo(() => series.buckets.map((bucket) => bucket.key), [series.buckets]);
  const layers = useMemo(
    (): StackedLayer[] =>
      series.groups.map((group, i) => ({
        key: group.key,
        name: group.kind === 'trusted-publisher' ? `${group.label} (trusted publisher)` : group.label,
        fill: colors[i] ?? 'currentColor',
        values: series.buckets.map((bucket) => bucket.counts[i] ?? 0),
      })),
    [series, colors],
  );
  const tooltip = (bucket: CadenceBucket) => (
    <BucketTooltip
      title={`${periodLabel(bucket.key, series.unit)}: ${bucket.total} version${bucket.total === 1 ? '' : 's'}`}
      rows={series.groups.map((_, i) => ({
        label: labelOf(i),
        value: bucket.counts[i] ?? 0,
        color: colors[i],
      }))}
    />
  );
  return (
    <ChartFigure
      testId="cadence-chart"
      title="Publish cadence and publishers"
      summary={series.summary}
      caption={series.caption}
      attributes={{ 'data-unit': series.unit, 'data-groups': String(series.groups.length) }}
      legend={
        <ul
          className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300"
          aria-label="Publishers"
        >
          {series.groups.map((group, i) => (
            <li key={group.key} className="flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-3 w-3 shrink-0" style={{ background: colors[i] }} />
              {labelOf(i)} ({group.versions})
            </li>
          ))}
        </ul>
      }
      table={<CadenceTable series={series} />}
    >
      {series.buckets.length === 0 ? (
        <p className="py-8 text-center text-sm">No version has a publish time to count.</p>
      ) : large ? (
        <StackedPeriodChart
          periods={periods}
          layers={layers}
          kind="bars"
          layerTestId="cadence-bars"
          tooltip={(index) => {
            const bucket = series.buckets[index];
            return bucket ? tooltip(bucket) : null;
          }}
        />
      ) : (
        <Suspense fallback={<div style={{ height: STACKED_CHART_HEIGHT }} />}>
          <CadenceBars series={series} colors={colors} labelOf={labelOf} tooltip={tooltip} />
        </Suspense>
      )}
    </ChartFigure>
  );
});
