import { describe, expect, it } from 'vitest';
import { countStep, MARGIN, MAX_PERIOD_LABELS, periodAt, periodLabelStep, stackedGeometry } from './stacked-geometry';

/** The numbers of a path, in order. */
const numbers = (d: string) => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe('stackedGeometry', () => {
  const width = 400;
  const height = 220;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotBottom = height - MARGIN.bottom;

  it('draws one path per layer, however many periods', () => {
    const periods = 120;
    const layers = [0, 1, 2, 3].map((l) => Array.from({ length: periods }, (_, i) => (i + l) % 3));
    const geometry = stackedGeometry(layers, width, height, 'area');
    expect(geometry.paths).toHaveLength(4);
    expect(geometry.band).toBeCloseTo(plotWidth / periods);
    // At most 12 labelled periods, the first one first.
    expect(geometry.xTicks.length).toBeLessThanOrEqual(12);
    expect(geometry.xTicks[0]?.index).toBe(0);
  });

  it('stacks bars: each layer starts where the ones below end', () => {
    // Two periods: 2 + 1 and 0 + 4. The axis goes to 4.
    const geometry = stackedGeometry(
      [
        [2, 0],
        [1, 4],
      ],
      width,
      height,
      'bars',
    );
    const [bottom, top] = geometry.paths;
    // The bottom layer has one bar (period 0); an empty period draws nothing.
    expect(bottom?.match(/M/g)).toHaveLength(1);
    expect(top?.match(/M/g)).toHaveLength(2);
    const unit = (plotBottom - MARGIN.top) / 4;
    const [x0, y0, , h0] = numbers(bottom ?? '');
    expect(x0).toBe(MARGIN.left);
    expect(y0).toBeCloseTo(plotBottom - 2 * unit, 0);
    expect(h0).toBeCloseTo(2 * unit, 0);
    // The top layer's first bar sits on the bottom layer's: from 2 up to 3.
    const [, y1, , h1] = numbers(top ?? '');
    expect(y1).toBeCloseTo(plotBottom - 3 * unit, 0);
    expect(h1).toBeCloseTo(unit, 0);
    expect(geometry.yTicks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it('draws a step area along the tops and back along the bottoms, closed', () => {
    const geometry = stackedGeometry(
      [
        [1, 1],
        [0, 2],
      ],
      width,
      height,
      'area',
    );
    const [lower, upper] = geometry.paths;
    expect(lower).toMatch(/^M.*Z$/);
    // Two periods: two runs across along the top, two back along the bottom.
    expect(lower?.match(/H/g)).toHaveLength(4);
    expect(upper).toMatch(/^M.*Z$/);
    // A layer with nothing in any period draws nothing.
    expect(stackedGeometry([[0, 0]], width, height, 'area').paths).toEqual(['']);
  });

  it('has an axis of whole counts even when nothing is counted', () => {
    const geometry = stackedGeometry([[0, 0, 0]], width, height, 'bars');
    expect(geometry.yTicks.map((t) => t.value)).toEqual([0, 1]);
    expect(geometry.paths).toEqual(['']);
  });
});

describe('countStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(countStep(4)).toBe(1);
    expect(countStep(7)).toBe(2);
    expect(countStep(40)).toBe(10);
    expect(countStep(130)).toBe(50);
    expect(countStep(0)).toBe(1);
  });
});

describe('periodAt', () => {
  it('maps a position across the plot to a period', () => {
    expect(periodAt(0, 10)).toBe(0);
    expect(periodAt(0.999, 10)).toBe(9);
    expect(periodAt(0.55, 10)).toBe(5);
    expect(periodAt(-0.01, 10)).toBeUndefined();
    expect(periodAt(1, 10)).toBeUndefined();
    expect(periodAt(0.5, 0)).toBeUndefined();
  });
});

describe('periodLabelStep', () => {
  // 0.65 em a character at the axes' 11 px, and 12 px between labels (stacked-geometry.ts).
  const labelPx = (chars: number) => chars * 0.65 * 11 + 12;

  it('spaces labels at least a label apart, at most twelve, on any width', () => {
    for (const chars of [4, 7, 10]) {
      for (let periods = 1; periods <= 400; periods += periods < 30 ? 1 : 17) {
        for (const plotWidth of [120, 240, 300, 500, 900, 1400]) {
          const step = periodLabelStep(periods, plotWidth, chars);
          const labels = Math.ceil(periods / step);
          expect(step).toBeGreaterThanOrEqual(1);
          expect(labels).toBeLessThanOrEqual(MAX_PERIOD_LABELS);
          // Two labels' middles are `step` periods apart: no closer than a label's width.
          if (labels > 1) expect((step * plotWidth) / periods).toBeGreaterThanOrEqual(labelPx(chars));
        }
      }
    }
  });

  it('labels every period when they fit, and fewer on a narrow plot', () => {
    expect(periodLabelStep(5, 900, 7)).toBe(1);
    // 11 weeks on a 480 px plot: room for 5 labels of 10 characters, so every third week.
    expect(periodLabelStep(11, 480, 10)).toBe(3);
    expect(periodLabelStep(120, 1400, 7)).toBe(10);
    // Not measured yet: the cap alone.
    expect(periodLabelStep(120, 0, 7)).toBe(10);
  });

  it("places the geometry's period labels that far apart", () => {
    const geometry = stackedGeometry([Array.from({ length: 121 }, () => 1)], 360, 220, 'bars', 7);
    const gaps = geometry.xTicks.slice(1).map((tick, i) => tick.x - (geometry.xTicks[i]?.x ?? 0));
    expect(geometry.xTicks.length).toBeGreaterThan(1);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(labelPx(7) - 0.1);
  });
});
