import type { ChartStatus } from '../../../core/analysis/chart-series';
import { FAILED_COLOR, SURFACE_COLOR } from '../chart-theme';

/**
 * One version's mark, centred on (cx, cy): the colour is its trust level, the shape its
 * verification, so that failed, unavailable and pending read without colour too.
 */
export function StatusMark({ cx, cy, color, status }: { cx: number; cy: number; color: string; status: ChartStatus }) {
  switch (status) {
    case 'verified':
      return <circle cx={cx} cy={cy} r={5} fill={color} stroke={SURFACE_COLOR} strokeWidth={1} />;
    case 'absent':
      return (
        <rect x={cx - 4.5} y={cy - 4.5} width={9} height={9} fill={color} stroke={SURFACE_COLOR} strokeWidth={1} />
      );
    case 'failed':
      return (
        <path
          d={`M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`}
          stroke={FAILED_COLOR}
          strokeWidth={2.5}
          strokeLinecap="round"
        />
      );
    case 'unavailable':
      return (
        <path
          d={`M${cx},${cy - 6}L${cx + 5.5},${cy + 4}L${cx - 5.5},${cy + 4}Z`}
          fill={SURFACE_COLOR}
          stroke={color}
          strokeWidth={2}
          strokeLinejoin="round"
        />
      );
    case 'pending':
      return (
        <circle cx={cx} cy={cy} r={5} fill={SURFACE_COLOR} stroke={color} strokeWidth={1.5} strokeDasharray="2 2" />
      );
  }
}

/** A mark on its own, for legends. */
export function StatusMarkIcon({ color, status }: { color: string; status: ChartStatus }) {
  return (
    <svg width={14} height={14} viewBox="0 0 14 14" aria-hidden="true" className="inline-block shrink-0">
      <StatusMark cx={7} cy={7} color={color} status={status} />
    </svg>
  );
}
