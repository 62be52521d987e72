// The drawing of a stacked chart over periods (trust levels aggregated, publish cadence)
// as a few SVG paths: one path per layer whatever the number of periods, so that a
// 3,000-version history draws (and redraws as results stream in) in a few milliseconds.
// Pure: the components only put these strings in the page.
import { AXIS_TICK } from './chart-theme';

export type StackedKind = 'area' | 'bars';

export interface StackedGeometry {
  /** One `d` per layer, in the order given (bottom of the stack first). */
  paths: string[];
  /** The count axis: whole numbers from 0, at most {@link MAX_COUNT_TICKS}, with their y. */
  yTicks: { value: number; y: number }[];
  /** The period axis: the labelled periods' indexes and the x of their middle. */
  xTicks: { index: number; x: number }[];
  /** Left edge and width of each period's band (for the hover). */
  band: number;
  plot: { left: number; top: number; width: number; height: number };
}

export const MAX_COUNT_TICKS = 5;
/** Labels on the period axis, at most: enough to read the period. */
export const MAX_PERIOD_LABELS = 12;
/** An upper estimate of a digit's or a dash's width in the axes' font (px). */
const CHAR_PX = 0.65 * AXIS_TICK.fontSize;
/** Space kept between two labels (px). */
const LABEL_GAP_PX = 12;

/** The longest of some period labels, in characters (what `periodLabelStep` is given). */
export function longestLabel(labels: Iterable<string>): number {
  let longest = 0;
  for (const label of labels) longest = Math.max(longest, label.length);
  return longest;
}

/**
 * Label every `step`-th period, so that labels `labelChars` long never collide on a plot
 * `plotWidth` wide (and there are at most MAX_PERIOD_LABELS). Estimated from the label's
 * length, not measured in the DOM: recharts' own spacing ("preserveStartEnd") measures
 * every label, which made the first draw of a 120-month chart a single 300 ms task.
 * A width of 0 (not measured yet) keeps the cap alone.
 */
export function periodLabelStep(periods: number, plotWidth: number, labelChars: number): number {
  const labelPx = labelChars * CHAR_PX + LABEL_GAP_PX;
  const fit = plotWidth > 0 ? Math.max(1, Math.floor(plotWidth / labelPx)) : MAX_PERIOD_LABELS;
  return Math.max(1, Math.ceil(periods / Math.min(MAX_PERIOD_LABELS, fit)));
}

export const MARGIN = { top: 12, right: 16, bottom: 24, left: 44 } as const;

/** A "nice" step (1, 2 or 5 times a power of ten, whole) for a count axis up to `max`. */
export function countStep(max: number, ticks = MAX_COUNT_TICKS): number {
  if (max <= 0) return 1;
  const raw = max / Math.max(1, ticks - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) {
    const step = factor * power;
    if (step >= raw) return Math.max(1, Math.round(step));
  }
  return Math.max(1, Math.round(10 * power));
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * `layers[l][i]` is the count of layer `l` in period `i`. Areas are steps (a period is a
 * flat run across its band); bars leave a pixel between periods.
 */
export function stackedGeometry(
  layers: readonly (readonly number[])[],
  width: number,
  height: number,
  kind: StackedKind,
  /** The longest period label's length, in characters (a week's `2026-01-05` is 10). */
  labelChars = 10,
): StackedGeometry {
  const periods = layers[0]?.length ?? 0;
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(0, width - MARGIN.left - MARGIN.right),
    height: Math.max(0, height - MARGIN.top - MARGIN.bottom),
  };
  const totals = new Array<number>(periods).fill(0);
  for (const layer of layers) for (let i = 0; i < periods; i++) totals[i] = (totals[i] ?? 0) + (layer[i] ?? 0);
  let max = 0;
  for (const total of totals) if (total > max) max = total;
  const step = countStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const yOf = (count: number) => round(plot.top + plot.height - (count / top) * plot.height);
  const band = periods ? plot.width / periods : 0;
  const xOf = (index: number) => round(plot.left + index * band);

  const below = new Array<number>(periods).fill(0);
  const paths = layers.map((layer) => {
    const d = kind === 'bars' ? barsPath(layer, below, xOf, yOf, band) : stepAreaPath(layer, below, xOf, yOf, periods);
    for (let i = 0; i < periods; i++) below[i] = (below[i] ?? 0) + (layer[i] ?? 0);
    return d;
  });

  const yTicks: StackedGeometry['yTicks'] = [];
  for (let value = 0; value <= top; value += step) yTicks.push({ value, y: yOf(value) });
  const interval = periodLabelStep(periods, plot.width, labelChars);
  const xTicks: StackedGeometry['xTicks'] = [];
  for (let index = 0; index < periods; index += interval)
    xTicks.push({ index, x: round(plot.left + (index + 0.5) * band) });
  return { paths, yTicks, xTicks, band, plot };
}

/** One subpath per non-empty period: `M x,y h w v h h -w Z`. */
function barsPath(
  layer: readonly number[],
  below: readonly number[],
  xOf: (index: number) => number,
  yOf: (count: number) => number,
  band: number,
): string {
  const gap = band > 3 ? 1 : 0;
  const parts: string[] = [];
  for (let i = 0; i < layer.length; i++) {
    const count = layer[i] ?? 0;
    if (count <= 0) continue;
    const base = below[i] ?? 0;
    const y0 = yOf(base);
    const y1 = yOf(base + count);
    parts.push(`M${xOf(i)},${y1}h${round(band - gap)}v${round(y0 - y1)}h${round(gap - band)}Z`);
  }
  return parts.join('');
}

/** A step area: along the tops left to right, back along the bottoms right to left. */
function stepAreaPath(
  layer: readonly number[],
  below: readonly number[],
  xOf: (index: number) => number,
  yOf: (count: number) => number,
  periods: number,
): string {
  if (periods === 0 || layer.every((count) => count <= 0)) return '';
  const parts: string[] = [];
  for (let i = 0; i < periods; i++) {
    const y = yOf((below[i] ?? 0) + (layer[i] ?? 0));
    parts.push(i === 0 ? `M${xOf(0)},${y}` : `V${y}`, `H${xOf(i + 1)}`);
  }
  for (let i = periods - 1; i >= 0; i--) {
    parts.push(`V${yOf(below[i] ?? 0)}`, `H${xOf(i)}`);
  }
  parts.push('Z');
  return parts.join('');
}

/** The period under `fraction` (0 at the plot's left edge, 1 at its right), or undefined. */
export function periodAt(fraction: number, periods: number): number | undefined {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction >= 1 || periods === 0) return undefined;
  return Math.floor(fraction * periods);
}
