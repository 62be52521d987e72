import { useId } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { COUNT_AXIS_PROPS, GRID_PROPS, STACKED_CHART_PROPS, periodAxisProps } from '../stacked-chart';
import {
  periodLabel,
  TRUST_LEVELS_ASCENDING,
  type TrustBucket,
  type TrustSeries,
} from '../../../core/analysis/chart-series';
import { TRUST_TEXT } from '../../../components/trust-badge';
import { TRUST_COLOR } from '../chart-theme';
import { BucketTooltip } from './bucket-tooltip';
import { patternFill, svgSafeId, TrustPatternDefs } from './trust-patterns';

/**
 * Too many versions for one mark each: versions per period, stacked by trust level.
 * Stacked step areas, not bars: one shape per level whatever the number of periods, so
 * that redrawing as results stream in stays cheap.
 */
export function TrustAreas({ series }: { series: TrustSeries }) {
  const prefix = svgSafeId(useId());
  const byKey = new Map(series.buckets.map((bucket) => [bucket.key, bucket]));
  const unit = series.unit ?? 'month';
  return (
    <>
      {/* The textures live in their own zero-size svg: url(#…) resolves document-wide. */}
      <svg width={0} height={0} className="absolute" aria-hidden="true">
        <TrustPatternDefs prefix={prefix} />
      </svg>
      <AreaChart {...STACKED_CHART_PROPS} data={series.buckets}>
        <CartesianGrid {...GRID_PROPS} />
        <XAxis {...periodAxisProps(series.buckets.length)} />
        <YAxis {...COUNT_AXIS_PROPS} />
        <Tooltip
          isAnimationActive={false}
          cursor={{ stroke: 'currentColor', strokeOpacity: 0.4 }}
          content={({ label }) => {
            const bucket = byKey.get(String(label));
            return bucket ? <TrustBucketTooltip bucket={bucket} title={periodLabel(bucket.key, unit)} /> : null;
          }}
        />
        {TRUST_LEVELS_ASCENDING.map((level) => (
          <Area
            key={level}
            type="step"
            dataKey={(bucket: TrustBucket) => bucket.counts[level]}
            name={TRUST_TEXT[level]}
            stackId="trust"
            fill={patternFill(prefix, level)}
            fillOpacity={1}
            // No outline: a level with no version in a period would draw it along the
            // top of the stack, in its colour, as if it were there.
            stroke="none"
            dot={false}
            activeDot={false}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </>
  );
}

function TrustBucketTooltip({ bucket, title }: { bucket: TrustBucket; title: string }) {
  const levels = [...TRUST_LEVELS_ASCENDING].reverse();
  return (
    <BucketTooltip
      title={`${title}: ${bucket.total} version${bucket.total === 1 ? '' : 's'}`}
      rows={[
        ...levels.map((level) => ({
          label: TRUST_TEXT[level],
          value: bucket.counts[level],
          color: TRUST_COLOR[level],
        })),
        { label: 'failed verification', value: bucket.failed },
        { label: 'attestations unavailable', value: bucket.unavailable },
        { label: 'still verifying', value: bucket.pending },
      ]}
    />
  );
}
