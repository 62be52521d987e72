import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { longestLabel, periodAt, stackedGeometry, type StackedKind } from '../stacked-geometry';
import { useElementWidth } from '../use-element-width';
import { AXIS_TICK } from '../chart-theme';

export const STACKED_CHART_HEIGHT = 220;

export interface StackedLayer {
  key: string;
  name: string;
  fill: string;
  /** Count per period, in the order of the chart's periods. */
  values: readonly number[];
}

/**
 * Counts per period, stacked: one SVG path per layer however many periods there are (a
 * 3,000-version history is a handful of elements, drawn in a few milliseconds), the
 * count axis, the labelled periods, and a tooltip for the period under the pointer. For
 * large series, where recharts' one element per bar and its store cost hundreds of
 * milliseconds on every redraw.
 */
export const StackedPeriodChart = memo(function StackedPeriodChart({
  periods,
  layers,
  kind,
  layerTestId,
  defs,
  tooltip,
}: {
  /** The periods' labels (bucket keys), oldest first. */
  periods: readonly string[];
  /** Bottom of the stack first. */
  layers: readonly StackedLayer[];
  kind: StackedKind;
  layerTestId: string;
  /** `<defs>` the fills refer to (textures). */
  defs?: ReactNode;
  tooltip: (index: number) => ReactNode;
}) {
  const wrapper = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapper);
  const [hovered, setHovered] = useState<number>();
  const geometry = useMemo(
    () =>
      width > 0
        ? stackedGeometry(
            layers.map((layer) => layer.values),
            width,
            STACKED_CHART_HEIGHT,
            kind,
            longestLabel(periods),
          )
        : undefined,
    [layers, width, kind, periods],
  );
  const plot = geometry?.plot;
  return (
    <div ref={wrapper} className="relative" style={{ height: STACKED_CHART_HEIGHT }}>
      {geometry && plot ? (
        <svg
          width={width}
          height={STACKED_CHART_HEIGHT}
          data-kind={kind}
          onPointerMove={(event) => {
            // On hover only (never on scroll): where the pointer is across the plot.
            const box = event.currentTarget.getBoundingClientRect();
            setHovered(periodAt((event.clientX - box.left - plot.left) / plot.width, periods.length));
          }}
          onPointerLeave={() => setHovered(undefined)}
        >
          {defs}
          <g stroke="currentColor" strokeOpacity={0.12}>
            {geometry.yTicks.map((tick) => (
              <line key={tick.value} x1={plot.left} x2={plot.left + plot.width} y1={tick.y} y2={tick.y} />
            ))}
          </g>
          {layers.map((layer, i) => (
            <path
              key={layer.key}
              data-testid={layerTestId}
              data-layer={layer.key}
              d={geometry.paths[i]}
              fill={layer.fill}
            >
              <title>{layer.name}</title>
            </path>
          ))}
          <g fill="currentColor" fontSize={AXIS_TICK.fontSize}>
            {geometry.yTicks.map((tick) => (
              <text key={tick.value} x={plot.left - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
                {tick.value}
              </text>
            ))}
            {geometry.xTicks.map((tick) => (
              <text key={tick.index} x={tick.x} y={plot.top + plot.height + 16} textAnchor="middle">
                {periods[tick.index]}
              </text>
            ))}
          </g>
          <g stroke="currentColor">
            <line x1={plot.left} x2={plot.left + plot.width} y1={plot.top + plot.height} y2={plot.top + plot.height} />
            <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.top + plot.height} />
          </g>
          {hovered !== undefined ? (
            <rect
              x={plot.left + hovered * geometry.band}
              y={plot.top}
              width={Math.max(1, geometry.band)}
              height={plot.height}
              fill="currentColor"
              fillOpacity={0.08}
              pointerEvents="none"
            />
          ) : null}
        </svg>
      ) : null}
      {hovered !== undefined && geometry && plot ? (
        <div
          className="pointer-events-none absolute z-10"
          style={
            hovered < periods.length / 2
              ? { top: plot.top, left: plot.left + (hovered + 1) * geometry.band + 8 }
              : { top: plot.top, right: width - plot.left - hovered * geometry.band + 8 }
          }
        >
          {tooltip(hovered)}
        </div>
      ) : null}
    </div>
  );
});
