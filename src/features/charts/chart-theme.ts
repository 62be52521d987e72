// Colours of the charts, as CSS variables set on the charts' container: recharts draws
// with `var(--…)`, so one set of classes serves light and dark mode (Tailwind's `dark:`
// follows prefers-color-scheme). Colour is never the only cue: shapes, patterns,
// legends and the data tables carry the same information.
import type { TrustLevel } from '../../core/model';
import type { PublisherGroup } from '../../core/analysis/chart-series';

export const CHART_COLOR_VARIABLES = [
  '[--chart-trust-none:#71717a] dark:[--chart-trust-none:#a1a1aa]',
  '[--chart-trust-provenance:#0369a1] dark:[--chart-trust-provenance:#38bdf8]',
  '[--chart-trust-trusted-publisher:#047857] dark:[--chart-trust-trusted-publisher:#34d399]',
  '[--chart-trust-staged:#6d28d9] dark:[--chart-trust-staged:#a78bfa]',
  '[--chart-failed:#dc2626] dark:[--chart-failed:#f87171]',
  '[--chart-surface:#ffffff] dark:[--chart-surface:#09090b]',
  '[--chart-account:#475569] dark:[--chart-account:#94a3b8]',
  '[--chart-github:#4f46e5] dark:[--chart-github:#818cf8]',
  '[--chart-gitlab:#c2410c] dark:[--chart-gitlab:#fb923c]',
  '[--chart-circleci:#0f766e] dark:[--chart-circleci:#2dd4bf]',
  '[--chart-other-1:#be185d] dark:[--chart-other-1:#f472b6]',
  '[--chart-other-2:#a16207] dark:[--chart-other-2:#facc15]',
  '[--chart-unrecorded:#a1a1aa] dark:[--chart-unrecorded:#52525b]',
].join(' ');

export const TRUST_COLOR: Record<TrustLevel, string> = {
  none: 'var(--chart-trust-none)',
  provenance: 'var(--chart-trust-provenance)',
  'trusted-publisher': 'var(--chart-trust-trusted-publisher)',
  staged: 'var(--chart-trust-staged)',
};

export const FAILED_COLOR = 'var(--chart-failed)';
export const SURFACE_COLOR = 'var(--chart-surface)';

const PROVIDER_COLOR = {
  github: 'var(--chart-github)',
  gitlab: 'var(--chart-gitlab)',
  circleci: 'var(--chart-circleci)',
} as const;
const OTHER_COLORS = ['var(--chart-other-1)', 'var(--chart-other-2)'];

/** The colour of each publisher group, in the series' order. */
export function groupColors(groups: readonly PublisherGroup[]): string[] {
  let others = 0;
  return groups.map((group) => {
    if (group.kind === 'account') return 'var(--chart-account)';
    if (group.kind === 'unrecorded') return 'var(--chart-unrecorded)';
    if (group.provider && group.provider !== 'unknown') return PROVIDER_COLOR[group.provider];
    return OTHER_COLORS[others++ % OTHER_COLORS.length] ?? 'var(--chart-other-1)';
  });
}

/** Axis and grid lines take the text colour, so they follow the theme. */
export const AXIS_TICK = { fill: 'currentColor', fontSize: 11 } as const;
