import { describe, expect, it } from 'vitest';
import { decodeItemLinesInSteps, decodeJsonLinesInSteps, encodeJsonLines, inLines, runToEnd } from './json-lines';

/** Runs a stepwise decode, counting its pauses. */
function stepsOf<T>(steps: Generator<void, T>): { value: T; pauses: number } {
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, pauses };
    pauses += 1;
  }
}

describe('JSON lines', () => {
  it('writes one line per value, and reads them back in order, a line per step', () => {
    const values = [{ a: 1, text: 'two\nlines and a \u2028 separator' }, [1, 2, 3], 'x', null];
    const bytes = encodeJsonLines(values);
    expect(new TextDecoder().decode(bytes).split('\n')).toHaveLength(values.length);
    const seen: [unknown, number][] = [];
    const { value: count, pauses } = stepsOf(decodeJsonLinesInSteps(bytes, (value, index) => seen.push([value, index])));
    expect(count).toBe(4);
    expect(seen).toEqual(values.map((value, index) => [value, index]));
    // A pause between lines, none after the last.
    expect(pauses).toBe(3);
  });

  it('reads empty bytes as no lines', () => {
    const seen: unknown[] = [];
    expect(stepsOf(decodeJsonLinesInSteps(new Uint8Array(), (value) => seen.push(value)))).toEqual({ value: 0, pauses: 0 });
    expect(seen).toEqual([]);
    expect(encodeJsonLines([])).toHaveLength(0);
  });

  it('cuts items into lines of at most n, and joins them back', () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ i, name: `v${i}` }));
    expect(inLines(items, 3).map((line) => line.length)).toEqual([3, 3, 1]);
    expect(inLines([], 3)).toEqual([]);
    expect(() => inLines(items, 0)).toThrow(RangeError);
    const { value, pauses } = stepsOf(decodeItemLinesInSteps(encodeJsonLines(inLines(items, 3))));
    expect(value).toEqual(items);
    // A pause after every line, the last one too.
    expect(pauses).toBe(3);
    expect(stepsOf(decodeItemLinesInSteps(new Uint8Array()))).toEqual({ value: [], pauses: 0 });
  });

  it('keeps multi-byte text whole across lines', () => {
    const items = ['é', '日本', '😀', 'plain'];
    expect(runToEnd(decodeItemLinesInSteps(encodeJsonLines(inLines(items, 1))))).toEqual(items);
  });

  it('fails on a line that is not JSON', () => {
    const bytes = new TextEncoder().encode('[1]\n{oops');
    expect(() => runToEnd(decodeItemLinesInSteps(bytes))).toThrow(SyntaxError);
  });
});

describe('runToEnd', () => {
  it('runs every step and returns the result', () => {
    let ran = 0;
    function* steps(): Generator<void, string> {
      for (let i = 0; i < 5; i++) {
        ran += 1;
        yield;
      }
      return 'done';
    }
    expect(runToEnd(steps())).toBe('done');
    expect(ran).toBe(5);
  });
});
