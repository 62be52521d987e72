/**
 * The part of `node:util` that @sigstore/verify uses, for the browser: `isDeepStrictEqual`.
 *
 * Vite aliases `util` / `node:util` to this module in the browser build (vite.config.ts).
 * @sigstore/verify calls it only in `containsDupes`, to reject repeated timestamps,
 * SCTs and tlog entries, i.e. on values such as
 *   { type: 'transparency-log', logID: Buffer, timestamp: Date }
 *   { logID: Buffer, body: Buffer }
 * so this handles what those are built from: primitives, plain objects, arrays, Dates,
 * typed arrays / Buffers (by content), and for good measure Maps and Sets. Like Node's
 * strict mode it compares prototypes (a Buffer never equals a plain Uint8Array with the
 * same bytes) and uses Object.is for primitives (NaN equals NaN, 0 differs from -0).
 * Not handled, because those values never reach it: cyclic structures, symbol keys,
 * extra properties on arrays / typed arrays, boxed primitives, RegExp and Error details.
 */

type Pair = readonly [unknown, unknown];

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function equalBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const left = bytesOf(a);
  const right = bytesOf(b);
  if (left.length !== right.length) return false;
  for (let i = 0; i < left.length; i++) {
    if (left[i] !== right[i]) return false;
  }
  return true;
}

function equalOwnProperties(a: object, b: object): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      isDeepStrictEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** Every entry of `a` pairs off with its own deep-equal entry of `b` (same sizes assumed). */
function equalUnordered(a: readonly Pair[] | readonly unknown[], b: readonly Pair[] | readonly unknown[]): boolean {
  const unmatched = [...b];
  return a.every((item) => {
    const index = unmatched.findIndex((candidate) => isDeepStrictEqual(item, candidate));
    if (index < 0) return false;
    unmatched.splice(index, 1);
    return true;
  });
}

function equalObjects(a: object, b: object): boolean {
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date && b instanceof Date) {
    return Object.is(a.getTime(), b.getTime()) && equalOwnProperties(a, b);
  }
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) return equalBytes(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => isDeepStrictEqual(item, b[i])) && equalOwnProperties(a, b);
  }
  if (a instanceof Map && b instanceof Map) {
    return a.size === b.size && equalUnordered([...a.entries()], [...b.entries()]);
  }
  if (a instanceof Set && b instanceof Set) {
    return a.size === b.size && equalUnordered([...a], [...b]);
  }
  return equalOwnProperties(a, b);
}

export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!isObject(a) || !isObject(b)) return false;
  return equalObjects(a, b);
}

// @sigstore/verify is CommonJS (`require("util").isDeepStrictEqual`): whichever way the
// bundler's interop resolves it, named and default exports both carry the function.
const nodeUtilShim = { isDeepStrictEqual };

export default nodeUtilShim;
