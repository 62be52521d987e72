/** Labels on a category axis, at most: enough to read the period, few enough not to collide. */
const MAX_LABELS = 12;

/**
 * A fixed label interval for a category axis of `count` buckets. recharts' automatic
 * intervals ("preserveStartEnd") measure every label in the DOM to avoid overlaps, which
 * made the first draw of a 120-month chart a single 300 ms task.
 */
export function categoryAxisInterval(count: number): number {
  return Math.max(0, Math.ceil(count / MAX_LABELS) - 1);
}
