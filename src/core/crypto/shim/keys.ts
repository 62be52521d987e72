import { Buffer } from 'buffer';
import { asBuffer, invalidArgType, isBinary, nodeError, toBytes, unsupportedKey, viewBytes } from './bytes';
import { type ParsedKey, derToPem, hex, parseSpki, pemToDer, pkcs1ToSpki } from './spki';
import { timingSafeEqualBytes } from './timing-safe-equal';
import {
  type ExportablePublicKey,
  type PublicKeyDetails,
  type PublicKeyInput,
  type PublicKeyObject,
  isStringEncoding,
} from './types';

// ---------------------------------------------------------------------------------------
// Key objects

/**
 * Parsed key material, private to this module (so keys cannot be forged); `verify` reads
 * it through `keyMaterial`.
 */
const parsedKeys = new WeakMap<object, ParsedKey>();
/** The key's DER and its hex, for the signature cache's check ids. */
const keyDer = new WeakMap<object, { spki: Uint8Array; id: string }>();

/**
 * Marks this shim's key objects, across copies of this module (Symbol.for is shared by
 * the realm): tests check with it that the crypto @sigstore uses really is the shim.
 */
export const SHIM_KEY_MARKER: unique symbol = Symbol.for('provenance-explorer.node-crypto-shim.key') as never;

class ShimPublicKey implements PublicKeyObject {
  readonly type = 'public';
  readonly asymmetricKeyType: 'ec' | 'ed25519' | 'rsa' | 'rsa-pss';
  readonly asymmetricKeyDetails: Readonly<PublicKeyDetails>;
  readonly #spki: Uint8Array;

  constructor(spki: Uint8Array, parsed: ParsedKey) {
    this.#spki = spki;
    this.asymmetricKeyType = parsed.kind;
    this.asymmetricKeyDetails = Object.freeze(keyDetails(parsed));
    parsedKeys.set(this, parsed);
    keyDer.set(this, { spki, id: hex(spki) });
    // Instances are shared through the cache below, so nobody may change them.
    Object.freeze(this);
  }

  export(options: { format: 'der'; type: 'spki' }): Buffer;
  export(options: { format: 'pem'; type: 'spki' }): string;
  export(options: { format: 'der' | 'pem'; type: 'spki' }): Buffer | string {
    if (options.type !== 'spki') throw unsupportedKey(`export type ${String(options.type)}`);
    if (options.format === 'pem') return derToPem(this.#spki);
    if (options.format === 'der') return Buffer.from(this.#spki);
    throw unsupportedKey(`export format ${String(options.format)}`);
  }

  equals(other: unknown): boolean {
    return other instanceof ShimPublicKey && timingSafeEqualBytes(this.#spki, other.#spki);
  }

  get [SHIM_KEY_MARKER](): true {
    return true;
  }
}

function keyDetails(parsed: ParsedKey): PublicKeyDetails {
  switch (parsed.kind) {
    case 'ec':
      return { namedCurve: parsed.curve };
    case 'ed25519':
      return {};
    default: {
      const { rsa } = parsed;
      const details: PublicKeyDetails = { modulusLength: rsa.bits, publicExponent: rsa.e };
      if (rsa.pss) {
        details.hashAlgorithm = rsa.pss.hash;
        details.mgf1HashAlgorithm = rsa.pss.mgf1Hash;
        details.saltLength = rsa.pss.saltLength;
      }
      return details;
    }
  }
}

// The same few keys arrive again and again: @sigstore/core's X509Certificate.verify calls
// createPublicKey on the issuer's key for every certificate chain link of every bundle (the
// Fulcio intermediate and root, the TSA chain), and app code re-creates npm's registry keys.
// Parsing, on-curve validation and (for compressed points) decompression are small next to
// a signature check but are pure waste the second time, so parsed keys are kept, keyed by
// their DER, in a small LRU: bounded, because a page can look at many packages and each
// bundle brings its own short-lived Fulcio leaf key.
const KEY_CACHE_LIMIT = 128;
const keyCache = new Map<string, ShimPublicKey>();

function keyFromSpki(spki: Uint8Array): ShimPublicKey {
  const id = hex(spki);
  const cached = keyCache.get(id);
  if (cached !== undefined) {
    keyCache.delete(id); // re-insert: Map order is the LRU order
    keyCache.set(id, cached);
    return cached;
  }
  // Copy: the caller may reuse or mutate its buffer afterwards.
  const own = spki.slice();
  const key = new ShimPublicKey(own, parseSpki(own));
  keyCache.set(id, key);
  if (keyCache.size > KEY_CACHE_LIMIT) {
    const oldest = keyCache.keys().next().value;
    if (oldest !== undefined) keyCache.delete(oldest);
  }
  return key;
}

function isShimKey(value: unknown): value is ShimPublicKey {
  return typeof value === 'object' && value !== null && parsedKeys.has(value);
}

/**
 * A public key object from elsewhere: a Node KeyObject, or one of ours from a second copy
 * of this module (Vite's dev pre-bundling inlines a copy into the optimized @sigstore
 * chunk, so app code and @sigstore can end up holding keys from different copies).
 */
function isForeignPublicKey(value: unknown): value is ExportablePublicKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'public' &&
    typeof (value as { export?: unknown }).export === 'function'
  );
}

function keyFromForeign(key: ExportablePublicKey): ShimPublicKey {
  const der = key.export({ format: 'der', type: 'spki' });
  if (!isBinary(der)) throw invalidArgType('key');
  return keyFromSpki(viewBytes(der));
}

function pemText(key: unknown): string {
  if (typeof key === 'string') return key;
  if (isBinary(key)) return asBuffer(viewBytes(key)).toString('utf8');
  throw invalidArgType('key');
}

function keyFromOptions(options: {
  key?: unknown;
  format?: unknown;
  type?: unknown;
  encoding?: unknown;
}): ShimPublicKey {
  const format = options.format ?? 'pem';
  if (format === 'pem') return keyFromSpki(pemToDer(pemText(options.key)));
  if (format !== 'der') throw unsupportedKey(`key format ${String(format)}`);
  if (options.type !== 'spki' && options.type !== 'pkcs1') {
    throw nodeError(
      new TypeError(`The property 'options.type' is invalid. Received ${String(options.type)}`),
      'ERR_INVALID_ARG_VALUE',
    );
  }
  if (options.encoding !== undefined && !isStringEncoding(options.encoding)) {
    throw nodeError(new TypeError(`Unknown encoding: ${String(options.encoding)}`), 'ERR_UNKNOWN_ENCODING');
  }
  const der = toBytes(options.key, 'key', options.encoding);
  // PKCS#1 is an RSA-only encoding: Node's key object then exports it as an rsaEncryption SPKI.
  return keyFromSpki(options.type === 'pkcs1' ? pkcs1ToSpki(der) : der);
}

/**
 * Node's createPublicKey for public keys: a PEM string/buffer ("PUBLIC KEY" or
 * "RSA PUBLIC KEY"), or `{ key, format: 'der', type: 'spki' | 'pkcs1' }`. One difference: given a public key object (its own, or anything with
 * Node's `export({ format: 'der', type: 'spki' })`) it returns the equivalent shim key,
 * where Node throws; so passing a key back in is always safe.
 */
export function createPublicKey(input: PublicKeyInput): PublicKeyObject {
  if (isShimKey(input)) return input;
  if (isForeignPublicKey(input)) return keyFromForeign(input);
  if (typeof input === 'string' || isBinary(input)) return keyFromSpki(pemToDer(pemText(input)));
  if (typeof input === 'object' && input !== null && 'key' in input) {
    // `{ key: <KeyObject>, … }`, as Node accepts in crypto.verify (tuf-js passes its keys so).
    const inner: unknown = input.key;
    if (isShimKey(inner) || isForeignPublicKey(inner)) return createPublicKey(inner);
    return keyFromOptions(input);
  }
  throw invalidArgType('key');
}

/** What `verify` needs of one of this shim's keys: its parsed material and its DER. */
export function keyMaterial(
  key: PublicKeyObject,
): { parsed: ParsedKey; der: { spki: Uint8Array; id: string } } | undefined {
  const parsed = parsedKeys.get(key);
  const der = keyDer.get(key);
  return parsed === undefined || der === undefined ? undefined : { parsed, der };
}
