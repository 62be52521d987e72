// Both engines on a list of items (engines.ts), and where their answers differ: what
// every test of the differential guard asserts on.
import { CARVED_OUT_VERDICTS, carveOutOf } from './carve-outs';
import { browserVerdict, nativeVerdict, type Item } from './engines';

export interface Difference {
  name: string;
  native: string[];
  browser: string[];
}

/**
 * Both engines on every item. An item of the one documented carve-out (carve-outs.ts) is
 * not a difference when, and only when, the library accepts it and the app refuses it:
 * any other pair of answers for it is reported as a difference.
 */
export async function compare(
  items: Item[],
): Promise<{ differences: Difference[]; verdicts: Map<string, string[]>; carvedOut: string[] }> {
  const differences: Difference[] = [];
  const verdicts = new Map<string, string[]>();
  const carvedOut: string[] = [];
  for (const item of items) {
    const native = nativeVerdict(item);
    const browser = await browserVerdict(item);
    verdicts.set(item.name, native);
    if (carveOutOf(item)) {
      const expected =
        native.length > 0 &&
        native.every((c) => c === CARVED_OUT_VERDICTS.native) &&
        browser.length === native.length &&
        browser.every((c) => c === CARVED_OUT_VERDICTS.browser);
      if (expected) {
        carvedOut.push(item.name);
        continue;
      }
    }
    if (JSON.stringify(native) !== JSON.stringify(browser)) differences.push({ name: item.name, native, browser });
  }
  return { differences, verdicts, carvedOut };
}
