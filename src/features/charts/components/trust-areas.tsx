import { useId, useMemo } from 'react';
import {
  periodLabel,
  TRUST_LEVELS_ASCENDING,
  type TrustBucket,
  type TrustSeries,
} from '../../../core/analysis/chart-series';
import { TRUST_TEXT } from '../../../components/trust-badge';
import { TRUST_COLOR } from '../chart-theme';
import { BucketTooltip } from './bucket-tooltip';
import { StackedPeriodChart, type StackedLayer } from './stacked-period-chart';
import { patternFill, svgSafeId, TrustPatternDefs } from './trust-patterns';

/**
 * Too many versions for one mark each: versions per period, stacked by trust level.
 * Stacked step areas, one path per level whatever the number of periods, so that
 * redrawing as results stream in stays cheap.
 */
export function TrustAreas({ series }: { series: TrustSeries }) {
  const prefix = svgSafeId(useId());
  const unit = series.unit ?? 'month';
  const periods = useMemo(() => series.buckets.map((bucket) => bucket.key), [series.buckets]);
  const layers = useMemo(
    (): StackedLayer[] =>
      TRUST_LEVELS_ASCENDING.map((level) => ({
        key: level,
        name: TRUST_TEXT[level],
        fill: patternFill(prefix, level),
        values: series.buckets.map((bucket) => bucket.counts[level]),
      })),
    [series.buckets, prefix],
  );
  return (
    <StackedPeriodChart
      periods={periods}
      layers={layers}
      kind="area"
      layerTestId="trust-area"
      defs={<TrustPatternDefs prefix={prefix} />}
      tooltip={(index) => {
        const bucket = series.buckets[index];
        return bucket ? <TrustBucketTooltip bucket={bucket} title={periodLabel(bucket.key, unit)} /> : null;
      }}
    />
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
