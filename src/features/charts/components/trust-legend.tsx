import { useId } from 'react';
import type { ChartStatus } from '../../../core/analysis/chart-series';
import { TRUST_LEVELS_ASCENDING } from '../../../core/analysis/chart-series';
import { TRUST_TEXT } from '../../../components/trust-badge';
import { TRUST_COLOR } from '../chart-theme';
import { StatusMarkIcon } from './status-mark';
import { patternFill, svgSafeId, TrustPatternDefs } from './trust-patterns';

const STATUS_LEGEND: [ChartStatus, string][] = [
  ['verified', 'verified'],
  ['absent', 'no attestation'],
  ['failed', 'failed'],
  ['unavailable', 'unavailable'],
  ['pending', 'verifying'],
];

/** What the colours, textures and shapes of the trust chart mean. */
export function TrustLegend({ aggregated, showRises }: { aggregated: boolean; showRises: boolean }) {
  const prefix = svgSafeId(useId());
  const levels = [...TRUST_LEVELS_ASCENDING].reverse();
  return (
    <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
      {aggregated ? (
        // The textures once for every swatch: an id may appear only once in the page.
        <svg width={0} height={0} className="absolute" aria-hidden="true">
          <TrustPatternDefs prefix={prefix} />
        </svg>
      ) : null}
      <ul className="flex flex-wrap gap-x-3 gap-y-1" aria-label="Trust levels">
        {levels.map((level) => (
          <li key={level} className="flex items-center gap-1">
            <svg width={12} height={12} aria-hidden="true" className="shrink-0">
              <rect
                width={12}
                height={12}
                fill={aggregated ? patternFill(prefix, level) : TRUST_COLOR[level]}
                stroke={TRUST_COLOR[level]}
              />
            </svg>
            {TRUST_TEXT[level]}
          </li>
        ))}
      </ul>
      {aggregated ? null : (
        <ul className="flex flex-wrap gap-x-3 gap-y-1" aria-label="Verification">
          {STATUS_LEGEND.map(([status, text]) => (
            <li key={status} className="flex items-center gap-1">
              <StatusMarkIcon status={status} color={TRUST_COLOR.provenance} />
              {text}
            </li>
          ))}
        </ul>
      )}
      {showRises ? (
        <span className="flex items-center gap-1">
          <svg width={16} height={12} aria-hidden="true" className="shrink-0">
            <line x1={8} x2={8} y1={0} y2={12} stroke="currentColor" strokeDasharray="3 2" />
          </svg>
          first version at a higher level
        </span>
      ) : null}
    </div>
  );
}
