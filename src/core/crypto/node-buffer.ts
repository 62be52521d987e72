/**
 * Node's own answers where the `buffer` package (the browser's `Buffer`) gives others.
 *
 * @sigstore/* is written for Node's Buffer. In the browser it runs on the `buffer`
 * package (feross, 6.0.3, the last release), which follows Node closely but not in three
 * conversions that @sigstore makes on input it does not control:
 *
 *   - `Buffer.from(text, 'hex')`: Node decodes pairs of hex digits up to the first pair
 *     that is not one; the package reads each pair with `parseInt(pair, 16)`, which takes
 *     `'c'` from `'cz'` and `' 0'` as 0, so it goes on decoding. @sigstore/verify decodes
 *     the digest a Rekor entry's body names this way (dsse, intoto, hashedrekord).
 *   - `Buffer.from(text, 'utf8')` of a string with unpaired surrogates: Node writes one
 *     U+FFFD for each; the package drops a high surrogate that ends the string after
 *     another one. @sigstore/core encodes a DSSE envelope's `payloadType` this way for the
 *     signature's pre-authentication encoding, and the page a registry signature's
 *     `name@version:integrity`.
 *   - `buffer.toString('utf8')` of bytes that are not UTF-8: Node (like TextDecoder)
 *     writes one U+FFFD for each maximal invalid subpart, the package more (one for each
 *     byte of a cut sequence). @sigstore/verify decodes a Rekor body this way before
 *     `JSON.parse`.
 *
 * Measured against Node 20's Buffer with seeded random inputs (a one-off run; the unit
 * test, node-buffer.test.ts, runs 20,000 of each kind): 18,523 of 200,000 hex strings,
 * 6,177 of 200,000 strings with surrogates and 38,927 of 300,000 byte strings were
 * converted differently; base64 and ascii, the other encodings @sigstore uses, never.
 * The package has no option for Node's behaviour, so these three are written here, on the
 * platform's TextEncoder and TextDecoder (both WHATWG, whose replacement rules are the ones
 * Node follows) and a hex loop as Node's `hex_decode` (src/string_bytes.cc).
 *
 * {@link nodeCompatible} changes the package's class in place (so every module that
 * imports it gets the same answers): `Buffer.from` and `Buffer.byteLength` for a string in
 * hex or UTF-8, and `toString` in UTF-8. `buffer.write` is left as the package has it:
 * neither @sigstore nor tuf-js writes strings into a buffer.
 */

import type { Buffer } from 'buffer';

type BufferClass = typeof Buffer;

const PATCHED = Symbol.for('provenance-explorer.node-compatible-buffer');

const encoder = new TextEncoder();
// ignoreBOM: Node's toString('utf8') keeps a leading U+FEFF; TextDecoder drops it unless told.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function isUtf8(encoding: unknown): boolean {
  if (encoding === undefined) return true;
  if (typeof encoding !== 'string') return false;
  const name = encoding.toLowerCase();
  return name === 'utf8' || name === 'utf-8';
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Node's hex decoding: whole pairs up to the first one that is not two hex digits. */
export function nodeHexBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length >>> 1);
  let length = 0;
  for (; length < out.length; length++) {
    const high = hexDigit(text.charCodeAt(length * 2));
    const low = hexDigit(text.charCodeAt(length * 2 + 1));
    if (high < 0 || low < 0) break;
    out[length] = high * 16 + low;
  }
  return out.subarray(0, length);
}

/** The bytes Node gives for a string in hex or UTF-8; undefined for other encodings. */
function nodeStringBytes(text: string, encoding: unknown): Uint8Array | undefined {
  // As Node and the package: an encoding that is not a non-empty string means UTF-8.
  if (typeof encoding !== 'string' || encoding === '' || isUtf8(encoding)) return encoder.encode(text);
  return encoding.toLowerCase() === 'hex' ? nodeHexBytes(text) : undefined;
}

/** `[start, end)` as Node's (and the package's) `toString` reads its arguments; undefined: empty. */
function range(length: number, start: unknown, end: unknown): [number, number] | undefined {
  let from = start === undefined || (start as number) < 0 ? 0 : Number(start);
  if (from > length) return undefined;
  let to = end === undefined || (end as number) > length ? length : Number(end);
  if (to <= 0) return undefined;
  to >>>= 0;
  from >>>= 0;
  return to <= from ? undefined : [from, to];
}

/** Makes the `buffer` package's class answer as Node's does (see above); idempotent. */
export function nodeCompatible(Class: BufferClass): BufferClass {
  type Instance = InstanceType<BufferClass>;
  const marked = Class as BufferClass & { [PATCHED]?: true };
  if (marked[PATCHED]) return Class;
  marked[PATCHED] = true;

  const from = Class.from.bind(Class) as (value: unknown, encodingOrOffset?: unknown, length?: unknown) => Instance;
  Class.from = function nodeFrom(value: unknown, encodingOrOffset?: unknown, length?: unknown): Instance {
    if (typeof value === 'string') {
      const bytes = nodeStringBytes(value, encodingOrOffset);
      if (bytes !== undefined) return from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return from(value, encodingOrOffset, length);
  } as BufferClass['from'];

  const byteLength = Class.byteLength.bind(Class) as (value: unknown, encoding?: unknown) => number;
  Class.byteLength = function nodeByteLength(value: unknown, encoding?: unknown): number {
    if (typeof value === 'string') {
      const bytes = nodeStringBytes(value, encoding);
      if (bytes !== undefined) return bytes.byteLength;
    }
    return byteLength(value, encoding);
  } as BufferClass['byteLength'];

  const toString = Class.prototype.toString as (this: Instance, ...args: unknown[]) => string;
  Class.prototype.toString = function nodeToString(this: Instance, ...args: unknown[]): string {
    const [encoding, start, end] = args;
    if (!isUtf8(encoding)) return toString.apply(this, args);
    const bounds = range(this.length, start, end);
    return bounds === undefined ? '' : decoder.decode(this.subarray(bounds[0], bounds[1]));
  };
  return Class;
}
