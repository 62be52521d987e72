import { useRef, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { CadenceBucket, CadenceSeries } from '../../../core/analysis/chart-series';
import { COUNT_AXIS_PROPS, GRID_PROPS, STACKED_CHART_PROPS, periodAxisProps } from '../stacked-chart';
import { longestLabel } from '../stacked-geometry';
import { useElementWidth } from '../use-element-width';

/**
 * A small history's cadence as recharts bars (one per period and publisher). In a chunk
 * of its own with recharts: large histories are drawn without it (stacked-period-chart).
 */
export default function CadenceBars({
  series,
  colors,
  labelOf,
  tooltip,
}: {
  series: CadenceSeries;
  colors: readonly string[];
  labelOf: (group: number) => string;
  tooltip: (bucket: CadenceBucket) => ReactNode;
}) {
  const byKey = new Map(series.buckets.map((bucket) => [bucket.key, bucket]));
  // Measured by a ResizeObserver (no layout read): the labels' spacing follows the width.
  const wrapper = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapper);
  const labelChars = longestLabel(series.buckets.map((bucket) => bucket.key));
  return (
    <div ref={wrapper}>
      <BarChart {...STACKED_CHART_PROPS} data={series.buckets} barCategoryGap={1}>
        <CartesianGrid {...GRID_PROPS} />
        <XAxis {...periodAxisProps(series.buckets.length, width, labelChars)} />
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
    </div>
  );
}
