// What the two stacked charts over periods (trust levels aggregated, publish cadence)
// share: size, grid and axes. recharts wants its axes as direct children of the chart,
// so these are props to spread rather than wrapper components.
import { AXIS_TICK } from './chart-theme';
import { periodLabelStep } from './stacked-geometry';

export const STACKED_CHART_PROPS = {
  responsive: true,
  width: '100%',
  height: 220,
  margin: { top: 12, right: 16, bottom: 0, left: 0 },
  accessibilityLayer: false,
} as const;

export const GRID_PROPS = { stroke: 'currentColor', strokeOpacity: 0.12, vertical: false } as const;

/**
 * The period axis: bucket keys, labelled at a fixed interval that keeps labels
 * `labelChars` long apart on a chart `width` wide (stacked-geometry.ts).
 */
export function periodAxisProps(buckets: number, width: number, labelChars: number) {
  const { left, right } = STACKED_CHART_PROPS.margin;
  const plotWidth = width > 0 ? Math.max(1, width - left - right - COUNT_AXIS_PROPS.width) : 0;
  const step = periodLabelStep(buckets, plotWidth, labelChars);
  return { dataKey: 'key', tick: AXIS_TICK, stroke: 'currentColor', interval: step - 1 } as const;
}

/** The count axis: whole versions. */
// A fixed interval (every tick): recharts' automatic one measures each label in the DOM.
export const COUNT_AXIS_PROPS = {
  allowDecimals: false,
  tick: AXIS_TICK,
  stroke: 'currentColor',
  width: 44,
  interval: 0,
} as const;
