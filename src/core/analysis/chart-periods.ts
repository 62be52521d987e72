// Calendar periods and the time axis of the package page's charts (see chart-series.ts):
// which period to count by, where periods start, how they read, and the axis ticks.

/** A history that spans at most this many days is bucketed by week, else by month. */
export const WEEKLY_UP_TO_DAYS = 183;
/** A history that spans more than this many years is bucketed by year (a guard against odd dates). */
export const YEARLY_ABOVE_YEARS = 25;

export type BucketUnit = 'week' | 'month' | 'year';

const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// Periods

/** The period to count by for versions published at `times` (see the constants above). */
export function bucketUnitFor(times: readonly number[]): BucketUnit {
  const range = extent(times);
  if (!range) return 'month';
  const spanDays = (range.max - range.min) / DAY_MS;
  if (spanDays > YEARLY_ABOVE_YEARS * 366) return 'year';
  if (spanDays <= WEEKLY_UP_TO_DAYS) return 'week';
  return 'month';
}

/** Start of the period holding `time`: UTC, weeks starting on Monday. */
export function bucketStart(time: number, unit: BucketUnit): number {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  if (unit === 'year') return Date.UTC(year, 0, 1);
  if (unit === 'month') return Date.UTC(year, date.getUTCMonth(), 1);
  const dayStart = Date.UTC(year, date.getUTCMonth(), date.getUTCDate());
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return dayStart - sinceMonday * DAY_MS;
}

/** `2024`, `2024-03`, or the Monday `2024-03-04` of a week. */
export function periodKey(start: number, unit: BucketUnit): string {
  const iso = new Date(start).toISOString();
  if (unit === 'year') return iso.slice(0, 4);
  if (unit === 'month') return iso.slice(0, 7);
  return iso.slice(0, 10);
}

/** How a period reads in a sentence or a table: `2024-03`, `the week of 2024-03-04`, `2024`. */
export function periodLabel(key: string, unit: BucketUnit): string {
  return unit === 'week' ? `the week of ${key}` : key;
}

function nextStart(start: number, unit: BucketUnit): number {
  const date = new Date(start);
  if (unit === 'year') return Date.UTC(date.getUTCFullYear() + 1, 0, 1);
  if (unit === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return start + 7 * DAY_MS;
}

/** Every period from the first time to the last, keyed by start, in order. */
export function emptyBuckets<T>(
  times: readonly number[],
  unit: BucketUnit,
  make: (key: string, start: number) => T,
): Map<number, T> {
  const buckets = new Map<number, T>();
  const range = extent(times);
  if (!range) return buckets;
  const last = bucketStart(range.max, unit);
  for (let start = bucketStart(range.min, unit); start <= last; start = nextStart(start, unit)) {
    buckets.set(start, make(periodKey(start, unit), start));
  }
  return buckets;
}

// ---------------------------------------------------------------------------
// Time axis

export interface AxisTick {
  value: number;
  label: string;
}

export interface TimeAxis {
  /** ms since the epoch, a little wider than the data so that no mark sits on an edge. */
  domain: [number, number];
  /** On whole years, months or days (UTC), at most {@link MAX_TICKS}. */
  ticks: AxisTick[];
}

export const MAX_TICKS = 8;

/** A time axis for marks at `times`: calendar-aligned ticks, so that dates read at a glance. */
export function timeAxis(times: readonly number[]): TimeAxis {
  const range = extent(times);
  if (!range) return { domain: [0, 1], ticks: [] };
  const pad = Math.max((range.max - range.min) * 0.03, DAY_MS);
  const domain: [number, number] = [range.min - pad, range.max + pad];
  const spanDays = (domain[1] - domain[0]) / DAY_MS;
  const unit: 'year' | 'month' | 'day' = spanDays >= 2 * 365 ? 'year' : spanDays >= 60 ? 'month' : 'day';
  const units = unit === 'year' ? spanDays / 365 : unit === 'month' ? spanDays / 30.4 : spanDays;
  const step = Math.max(1, Math.ceil(units / MAX_TICKS));
  const ticks: AxisTick[] = [];
  const first = new Date(domain[0]);
  let year = first.getUTCFullYear();
  let month = unit === 'year' ? 0 : first.getUTCMonth();
  let date = unit === 'day' ? first.getUTCDate() : 1;
  for (let guard = 0; guard < 1000 && ticks.length <= MAX_TICKS; guard++) {
    const value = Date.UTC(year, month, date);
    if (value > domain[1]) break;
    if (value >= domain[0]) {
      const iso = new Date(value).toISOString();
      ticks.push({
        value,
        label: unit === 'year' ? iso.slice(0, 4) : unit === 'month' ? iso.slice(0, 7) : iso.slice(0, 10),
      });
    }
    if (unit === 'year') year += step;
    else if (unit === 'month') month += step;
    else date += step;
  }
  return { domain, ticks };
}

// ---------------------------------------------------------------------------

export function timeOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? time : undefined;
}

export function extent(times: readonly number[]): { min: number; max: number } | undefined {
  if (times.length === 0) return undefined;
  // A loop, not Math.min(...times): spreading a huge array overflows the call stack.
  let min = Infinity;
  let max = -Infinity;
  for (const time of times) {
    if (time < min) min = time;
    if (time > max) max = time;
  }
  return { min, max };
}
