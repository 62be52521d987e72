import { memo } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import type { ChartStatus, TrustMark } from '../../../core/analysis/chart-series';
import type { TrustLevel } from '../../../core/model';
import { TRUST_TEXT } from '../../../components/trust-badge';
import { TRUST_COLOR } from '../chart-theme';
import { StatusMark } from './status-mark';
import { displayText } from '../../../core/text/display-text';

const STATUS_TEXT: Record<ChartStatus, string> = {
  verified: 'verified',
  absent: 'no attestation',
  failed: 'verification failed',
  unavailable: 'attestations unavailable',
  pending: 'verifying',
};

/**
 * The versions' marks, drawn as plain SVG at the chart's scales (a child of the chart).
 * Not a recharts Scatter: with hundreds of versions redrawn as results stream in, its
 * per-point machinery costs far more than the marks themselves.
 */
export function TrustMarks({ marks }: { marks: readonly TrustMark[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="trust-marks">
      {marks.map((mark) => {
        const cx = x(mark.time);
        const cy = y(mark.rank);
        if (cx === undefined || cy === undefined) return null;
        return (
          <Mark
            key={mark.version}
            version={mark.version}
            day={mark.day}
            trust={mark.trust}
            status={mark.status}
            claimed={mark.claimed}
            cx={cx}
            cy={cy}
          />
        );
      })}
    </g>
  );
}

/** Memoised on plain values: only the marks whose result changed are redrawn. */
const Mark = memo(function Mark({
  version,
  day,
  trust,
  status,
  claimed,
  cx,
  cy,
}: {
  version: string;
  day: string;
  trust: TrustLevel;
  status: ChartStatus;
  claimed: boolean;
  cx: number;
  cy: number;
}) {
  return (
    <g
      data-testid="trust-mark"
      data-version={version}
      data-trust={trust}
      data-verification={status}
      className="cursor-pointer"
    >
      <title>{`${displayText(version, 60).text}, ${day}: ${TRUST_TEXT[trust]}${claimed ? ' (claimed)' : ''}, ${STATUS_TEXT[status]}`}</title>
      {/* A larger transparent target: the marks are small. */}
      <circle cx={cx} cy={cy} r={9} fill="transparent" />
      <StatusMark cx={cx} cy={cy} color={TRUST_COLOR[trust]} status={status} />
    </g>
  );
});
