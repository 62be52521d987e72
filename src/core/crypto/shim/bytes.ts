// Imported explicitly rather than read from globalThis so this module works whether or
// not install-buffer.ts has run yet; the returned digests are then real Buffers, which
// @sigstore code relies on (`.equals`, `.toString('hex')`, …).
import { Buffer } from 'buffer';
import { type StringEncoding } from './types';

// ---------------------------------------------------------------------------------------
// Errors: shaped like Node's (same class and `code`) so callers that inspect them behave
// the same in the browser.

export function nodeError<E extends Error>(error: E, code: string): E & { code: string } {
  return Object.assign(error, { code });
}

export function unsupportedKey(detail: string): Error {
  return nodeError(
    new Error(
      `Unsupported public key: ${detail}. ECDSA P-256/P-384/P-521, Ed25519 and RSA public keys are supported in the browser.`,
    ),
    'ERR_CRYPTO_UNSUPPORTED_KEY',
  );
}

export function malformedKey(detail: string): Error {
  return nodeError(new Error(`Invalid SubjectPublicKeyInfo: ${detail}`), 'ERR_CRYPTO_INVALID_KEY');
}

export function invalidArgType(name: string): TypeError {
  return nodeError(
    new TypeError(`The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`),
    'ERR_INVALID_ARG_TYPE',
  );
}

// ---------------------------------------------------------------------------------------
// Bytes

export function isBinary(value: unknown): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

/** A Uint8Array view of binary input, without copying. */
export function viewBytes(value: ArrayBufferView | ArrayBuffer): Uint8Array {
  return value instanceof ArrayBuffer
    ? new Uint8Array(value)
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

export function toBytes(value: unknown, name: string, encoding: StringEncoding = 'utf8'): Uint8Array {
  if (typeof value === 'string') return Buffer.from(value, encoding);
  if (isBinary(value)) return viewBytes(value);
  throw invalidArgType(name);
}

/** A Buffer over the same memory (copied only if it lives in a SharedArrayBuffer). */
export function asBuffer(bytes: Uint8Array): Buffer {
  const { buffer, byteOffset, byteLength } = bytes;
  return buffer instanceof ArrayBuffer ? Buffer.from(buffer, byteOffset, byteLength) : Buffer.from(bytes);
}
