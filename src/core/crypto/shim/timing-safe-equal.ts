import { invalidArgType, isBinary, nodeError, viewBytes } from './bytes';

// ---------------------------------------------------------------------------------------
// timingSafeEqual

export function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/**
 * Node's timingSafeEqual: compares byte contents in time that depends only on the length,
 * and throws a RangeError when the byte lengths differ (which Node does too).
 */
export function timingSafeEqual(a: ArrayBufferView | ArrayBuffer, b: ArrayBufferView | ArrayBuffer): boolean {
  if (!isBinary(a)) throw invalidArgType('buf1');
  if (!isBinary(b)) throw invalidArgType('buf2');
  const left = viewBytes(a);
  const right = viewBytes(b);
  if (left.length !== right.length) {
    throw nodeError(
      new RangeError('Input buffers must have the same byte length'),
      'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH',
    );
  }
  return timingSafeEqualBytes(left, right);
}

// @sigstore/core is CommonJS and does `__importDefault(require("crypto")).default.verify`:
