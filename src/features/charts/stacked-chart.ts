// What the two stacked charts over periods (trust levels aggregated, publish cadence)
// share: size, grid and axes. recharts wants its axes as direct children of the chart,
// so these are props to spread rather than wrapper components.
import { AXIS_TICK } from './chart-theme';

/** Labels on a category axis, at most: enough to read the period, few enough not to collide. */
const MAX_LABELS = 12;

/**
 * A fixed label interval for a category axis of `count` buckets. recharts' automatic
 * intervals ("preserveStartEnd") measure every label in the DOM to avoid overlaps, which
 * made the first draw of a 120-month chart a single 300 ms task.
 */
function categoryAxisInterval(count: number): number {
  return Math.max(0, Math.ceil(count / MAX_LABELS) - 1);
}

export const STACKED_CHART_PROPS = {
  responsive: true,
  width: '100%',
  height: 220,
  margin: { top: 12, right: 16, bottom: 0, left: 0 },
  accessibilityLayer: false,
} as const;

export const GRID_PROPS = { stroke: 'currentColor', strokeOpacity: 0.12, vertical: false } as const;

/** The period axis: bucket keys, labelled at a fixed interval. */
export function periodAxisProps(buckets: number) {
  return { dataKey: 'key', tick: AXIS_TICK, stroke: 'currentColor', interval: categoryAxisInterval(buckets) } as const;
}

/** The count axis: whole versions. */
// A fixed interval (every tick): recharts' automatic one measures each label in the DOM.
export const COUNT_AXIS_PROPS = { allowDecimals: false, tick: AXIS_TICK, stroke: 'currentColor', width: 44, interval: 0 } as const;
