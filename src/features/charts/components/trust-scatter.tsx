import type { MouseEvent } from 'react';
import { CartesianGrid, ReferenceLine, ScatterChart, XAxis, YAxis } from 'recharts';
import { TRUST_LEVELS_ASCENDING, type TrustSeries } from '../../../core/analysis/chart-series';
import { navigate, packageHref } from '../../../lib/hrefs';
import { TRUST_TEXT } from '../../../components/trust-badge';
import { AXIS_TICK, TRUST_COLOR } from '../chart-theme';
import { TrustMarks } from './trust-marks';

/** One mark per version: publish time across, trust level up, verification as shape. */
export default function TrustScatter({ series, packageName }: { series: TrustSeries; packageName: string }) {
  const tickLabels = new Map(series.axis.ticks.map((tick) => [tick.value, tick.label]));
  // One listener for every mark: a click on a mark opens its version.
  const openVersion = (event: MouseEvent<HTMLDivElement>) => {
    const version = (event.target as Element).closest('[data-testid="trust-mark"]')?.getAttribute('data-version');
    if (version) navigate(packageHref(packageName, version));
  };
  return (
    <div onClick={openVersion}>
      <ScatterChart
        responsive
        width="100%"
        height={220}
        margin={{ top: 12, right: 16, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid stroke="currentColor" strokeOpacity={0.12} />
        <XAxis
          type="number"
          dataKey="time"
          domain={series.axis.domain}
          ticks={series.axis.ticks.map((tick) => tick.value)}
          tickFormatter={(value: number) => tickLabels.get(value) ?? ''}
          tick={AXIS_TICK}
          // Every given tick, without measuring labels in the DOM (recharts' automatic interval).
          interval={0}
          stroke="currentColor"
          allowDataOverflow
        />
        <YAxis
          type="number"
          dataKey="rank"
          domain={[-0.5, TRUST_LEVELS_ASCENDING.length - 0.5]}
          ticks={TRUST_LEVELS_ASCENDING.map((_, rank) => rank)}
          tickFormatter={(rank: number) => {
            const level = TRUST_LEVELS_ASCENDING[rank];
            return level ? TRUST_TEXT[level] : '';
          }}
          tick={AXIS_TICK}
          stroke="currentColor"
          width={104}
          interval={0}
          allowDataOverflow
        />
        {series.rises.map((rise) => (
          <ReferenceLine key={rise.version} x={rise.time} stroke={TRUST_COLOR[rise.trust]} strokeDasharray="4 3" />
        ))}
        <TrustMarks marks={series.marks} />
      </ScatterChart>
    </div>
  );
}
