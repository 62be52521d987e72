import type { TrustLevel } from '../../../core/model';
import { SURFACE_COLOR, TRUST_COLOR } from '../chart-theme';

// Stacked bars of trust levels differ in texture as well as colour: hatched for none,
// dotted for provenance, solid for trusted publishing, cross-hatched for staged.
const SIZE = 6;

function Texture({ level }: { level: TrustLevel }) {
  const color = TRUST_COLOR[level];
  switch (level) {
    case 'none':
      return (
        <>
          <rect width={SIZE} height={SIZE} fill={SURFACE_COLOR} />
          <path
            d={`M0,${SIZE}L${SIZE},0M-1,1L1,-1M${SIZE - 1},${SIZE + 1}L${SIZE + 1},${SIZE - 1}`}
            stroke={color}
            strokeWidth={1.6}
          />
        </>
      );
    case 'provenance':
      return (
        <>
          <rect width={SIZE} height={SIZE} fill={color} />
          <circle cx={SIZE / 2} cy={SIZE / 2} r={1.1} fill={SURFACE_COLOR} />
        </>
      );
    case 'trusted-publisher':
      return <rect width={SIZE} height={SIZE} fill={color} />;
    case 'staged':
      return (
        <>
          <rect width={SIZE} height={SIZE} fill={color} />
          <path d={`M0,0L${SIZE},${SIZE}M0,${SIZE}L${SIZE},0`} stroke={SURFACE_COLOR} strokeWidth={0.8} />
        </>
      );
  }
}

/** `<pattern>`s for every level, ids `${prefix}-${level}`: put inside an `<svg>`. */
export function TrustPatternDefs({ prefix }: { prefix: string }) {
  const levels: TrustLevel[] = ['none', 'provenance', 'trusted-publisher', 'staged'];
  return (
    <defs>
      {levels.map((level) => (
        <pattern key={level} id={`${prefix}-${level}`} width={SIZE} height={SIZE} patternUnits="userSpaceOnUse">
          <Texture level={level} />
        </pattern>
      ))}
    </defs>
  );
}

export function patternFill(prefix: string, level: TrustLevel): string {
  return `url(#${prefix}-${level})`;
}

/** An element id from React's useId, usable in `url(#…)`. */
export function svgSafeId(id: string): string {
  return `p${id.replace(/[^A-Za-z0-9_-]/g, '')}`;
}
