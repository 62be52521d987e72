import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { COUNT_AXIS_PROPS, GRID_PROPS, STACKED_CHART_PROPS, periodAxisProps } from '../stacked-chart';
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
import { StackedPeriodChart, type StackedLayer } from './stacked-period-chart';

/**
 * Versions per period, stacked by who published them. Memoised: its series comes from
 * the records alone, so verification results streaming in do not redraw it.
 */
export const CadenceChart = memo(function CadenceChart({ series }: { series: CadenceSeries }) {
  const colors = useMemo(() => groupColors(series.groups), [series.groups]);
  const byKey = new Map(series.buckets.map((bucket) => [bucket.key, bucket]));
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
        <BarChart {...STACKED_CHART_PROPS} data={series.buckets} barCategoryGap={1}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis {...periodAxisProps(series.buckets.length)} />
          <YAxis {...COUNT_AXIS_PROPS} />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
            content={({ label }) => {
              const bucket = byKey.get(String(label));
              return bucket ? tooltip(bucket) : null;
            }}
          />
          {series.groups.map((group, i) => (
            <Bar
              key={group.key}
              dataKey={(bucket: CadenceBucket) => bucket.counts[i] ?? 0}
              name={labelOf(i)}
              stackId="cadence"
              fill={colors[i]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      )}
    </ChartFigure>
  );
});
