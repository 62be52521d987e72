// Lines of JSON: how long lists cross from a worker to the main thread (the compact
// package record, the analysis's changed facts). Bytes that transfer without a copy, and
// that the receiver parses a line per step instead of the whole document in one task.

const NEWLINE = 0x0a;

/**
 * One line of JSON per value. JSON.stringify never writes a raw newline (one inside a
 * string is escaped), so a newline byte always ends a line.
 */
export function encodeJsonLines(values: readonly unknown[]): Uint8Array {
  return new TextEncoder().encode(values.map((value) => JSON.stringify(value)).join('\n'));
}

/** `items` cut into arrays of at most `perLine` (none for no items): one line each. */
export function inLines<T>(items: readonly T[], perLine: number): T[][] {
  if (!(perLine >= 1)) throw new RangeError(`A line holds at least one item (asked for ${perLine}).`);
  const lines: T[][] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine));
  return lines;
}

/**
 * Parses `encodeJsonLines`'s bytes a line per step, handing each value to `onLine` in
 * order; yields between lines (the caller lets the page breathe there). Empty bytes are
 * no lines. Returns how many lines there were.
 */
export function* decodeJsonLinesInSteps(
  bytes: Uint8Array,
  onLine: (value: unknown, index: number) => void,
): Generator<void, number> {
  const decoder = new TextDecoder();
  let start = 0;
  let index = 0;
  while (start < bytes.length) {
    if (index > 0) yield;
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    onLine(JSON.parse(decoder.decode(bytes.subarray(start, end))), index++);
    start = end + 1;
  }
  return index;
}

/**
 * Lines of arrays (`encodeJsonLines(inLines(items, n))`) back into one array, a line per
 * step, with a pause after every line (the last too: lists decoded one after another
 * pause between them).
 */
export function* decodeItemLinesInSteps<T>(bytes: Uint8Array): Generator<void, T[]> {
  const items: T[] = [];
  const lines = yield* decodeJsonLinesInSteps(bytes, (line) => {
    for (const item of line as T[]) items.push(item);
  });
  if (lines > 0) yield;
  return items;
}

/** Runs a stepwise generator (`...InSteps`) to its end at once, and returns its result. */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
