/**
 * The part of `node:crypto` that @sigstore/core and @sigstore/verify use, for the browser.
 *
 * Vite aliases `crypto` / `node:crypto` to this module in the browser build (see
 * vite.config.ts). @sigstore/core/dist/crypto.js is the only @sigstore module that
 * requires `crypto`, and it calls exactly four functions:
 *
 *   - createPublicKey(pem) or createPublicKey({ key, format: 'der', type: 'spki' | 'pkcs1' })
 *   - createHash(alg).update(bytes)…digest()
 *   - verify(alg | undefined, data, keyObject, signature)
 *   - timingSafeEqual(a, b)
 *
 * They must stay SYNCHRONOUS: @sigstore/verify is synchronous throughout, so
 * crypto.subtle (promise-based) cannot serve it. Hence @noble/curves and @noble/hashes.
 *
 * Deliberately not implemented (nothing in @sigstore/* calls them): randomBytes, sign,
 * getHashes, KeyObject, webcrypto, private keys, JWK.
 *
 * Key types: everything @sigstore/verify accepts on Node that Sigstore deployments use:
 * ECDSA P-256 / P-384 / P-521, Ed25519, RSA (PKCS#1 v1.5, from SPKI or PKCS#1 DER) and
 * RSASSA-PSS keys (id-RSASSA-PSS SPKI, which Node verifies with PSS padding). Private
 * Sigstore instances and the conformance suite use RSA certificate authorities, TSAs and
 * managed keys. Deliberately narrower than Node:
 *   - Digests: SHA-2 (224/256/384/512) and SHA3 (224/256/384/512), the ones @sigstore can
 *     name. Node also accepts MD5/SHA-1 etc.; here they throw, so @sigstore/core's verify
 *     wrapper reports `false` for them, which is the safe answer. An RSASSA-PSS key whose
 *     parameters name another digest (e.g. the SHA-1 default) is refused in createPublicKey.
 *   - SPKI DER with trailing bytes is rejected (OpenSSL ignores them).
 * node-crypto-shim.test.ts checks everything else differentially against real node:crypto.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha3_224, sha3_256, sha3_384, sha3_512 } from '@noble/hashes/sha3.js';
// Imported explicitly rather than read from globalThis so this module works whether or
// not install-buffer.ts has run yet; the returned digests are then real Buffers, which
// @sigstore code relies on (`.equals`, `.toString('hex')`, …).
import { Buffer } from 'buffer';
import { isRsaHashName, parsePssParameters, parseRsaPublicKey, verifyRsa, type RsaKey } from './rsa';
import { signatureCache, type CheckHash, type SignatureCheck } from './signature-cache';

/** Bytes as Node's crypto functions accept them (strings are UTF-8 unless told otherwise). */
export type BinaryLike = string | ArrayBufferView | ArrayBuffer;

/** Encodings accepted by `Hash.digest(encoding)`. */
export type BinaryToTextEncoding = 'hex' | 'base64' | 'base64url' | 'latin1' | 'binary';

export type NamedCurve = 'prime256v1' | 'secp384r1' | 'secp521r1';

/** Node's `asymmetricKeyDetails`, for the key types this shim reads. */
export interface PublicKeyDetails {
  namedCurve?: NamedCurve;
  modulusLength?: number;
  publicExponent?: bigint;
  hashAlgorithm?: string;
  mgf1HashAlgorithm?: string;
  saltLength?: number;
}

/** The slice of Node's public `KeyObject` that this shim provides. */
export interface PublicKeyObject {
  readonly type: 'public';
  readonly asymmetricKeyType: 'ec' | 'ed25519' | 'rsa' | 'rsa-pss';
  /** `{ namedCurve }` for EC keys, `{}` for Ed25519, modulus and exponent for RSA, as in Node. */
  readonly asymmetricKeyDetails: Readonly<PublicKeyDetails>;
  export(options: { format: 'der'; type: 'spki' }): Buffer;
  export(options: { format: 'pem'; type: 'spki' }): string;
  equals(other: unknown): boolean;
}

/** Any public key object with Node's SPKI export: a Node KeyObject, or one of ours. */
export interface ExportablePublicKey {
  readonly type: string;
  export(options: { format: 'der'; type: 'spki' }): unknown;
}

/** The inputs `createPublicKey` understands (the Node forms @sigstore/core uses). */
export type PublicKeyInput =
  | string
  | ArrayBufferView
  | ArrayBuffer
  | ExportablePublicKey
  | {
      key: string | ArrayBufferView | ArrayBuffer;
      format?: 'pem' | 'der';
      type?: 'spki' | 'pkcs1';
      /** How a string `key` is turned into bytes for `format: 'der'` (Node defaults to utf8). */
      encoding?: StringEncoding;
    };

const STRING_ENCODINGS = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii'] as const;

/** How a string is turned into bytes (the subset of Node's encodings the `buffer` package knows). */
export type StringEncoding = (typeof STRING_ENCODINGS)[number];

function isStringEncoding(value: unknown): value is StringEncoding {
  return STRING_ENCODINGS.some((encoding) => encoding === value);
}

// ---------------------------------------------------------------------------------------
// Errors: shaped like Node's (same class and `code`) so callers that inspect them behave
// the same in the browser.

function nodeError<E extends Error>(error: E, code: string): E & { code: string } {
  return Object.assign(error, { code });
}

function unsupportedKey(detail: string): Error {
  return nodeError(
    new Error(
      `Unsupported public key: ${detail}. ECDSA P-256/P-384/P-521, Ed25519 and RSA public keys are supported in the browser.`,
    ),
    'ERR_CRYPTO_UNSUPPORTED_KEY',
  );
}

function malformedKey(detail: string): Error {
  return nodeError(new Error(`Invalid SubjectPublicKeyInfo: ${detail}`), 'ERR_CRYPTO_INVALID_KEY');
}

function invalidArgType(name: string): TypeError {
  return nodeError(
    new TypeError(`The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`),
    'ERR_INVALID_ARG_TYPE',
  );
}

// ---------------------------------------------------------------------------------------
// Bytes

function isBinary(value: unknown): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

/** A Uint8Array view of binary input, without copying. */
function viewBytes(value: ArrayBufferView | ArrayBuffer): Uint8Array {
  return value instanceof ArrayBuffer
    ? new Uint8Array(value)
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function toBytes(value: unknown, name: string, encoding: StringEncoding = 'utf8'): Uint8Array {
  if (typeof value === 'string') return Buffer.from(value, encoding);
  if (isBinary(value)) return viewBytes(value);
  throw invalidArgType(name);
}

/** A Buffer over the same memory (copied only if it lives in a SharedArrayBuffer). */
function asBuffer(bytes: Uint8Array): Buffer {
  const { buffer, byteOffset, byteLength } = bytes;
  return buffer instanceof ArrayBuffer ? Buffer.from(buffer, byteOffset, byteLength) : Buffer.from(bytes);
}

// ---------------------------------------------------------------------------------------
// Hashes

interface HashState {
  update(chunk: Uint8Array): unknown;
  digest(): Uint8Array;
}

interface HashFunction {
  create(): HashState;
}

const HASHES: Readonly<Record<string, HashFunction>> = {
  sha224,
  sha256,
  sha384,
  sha512,
  'sha3-224': sha3_224,
  'sha3-256': sha3_256,
  'sha3-384': sha3_384,
  'sha3-512': sha3_512,
};

// OpenSSL looks digest names up case-insensitively and knows several aliases for SHA-2:
// SHA256, SHA-256, SHA2-256 and RSA-SHA256 all name the same digest.
const SHA2_ALIAS = /^(?:sha|sha-|sha2-|rsa-sha)(224|256|384|512)$/;
const SHA3_NAME = /^sha3-(224|256|384|512)$/;

/** The key of HASHES that `name` spells, as OpenSSL reads names. */
function canonicalHashName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const lower = name.toLowerCase();
  const sha2 = SHA2_ALIAS.exec(lower);
  if (sha2) return `sha${sha2[1] ?? ''}`;
  return SHA3_NAME.test(lower) ? lower : undefined;
}

function findHash(name: unknown): HashFunction | undefined {
  const canonical = canonicalHashName(name);
  return canonical === undefined ? undefined : HASHES[canonical];
}

function hashOnce(hash: HashFunction, data: Uint8Array): Uint8Array {
  const state = hash.create();
  state.update(data);
  return state.digest();
}

/** Node's `Hash`: incremental, single use (a second `digest()` throws, as in Node). */
class Hash {
  #state: HashState | undefined;

  constructor(state: HashState) {
    this.#state = state;
  }

  update(data: BinaryLike, inputEncoding?: StringEncoding): this {
    this.#live().update(toBytes(data, 'data', inputEncoding));
    return this;
  }

  digest(): Buffer;
  digest(encoding: BinaryToTextEncoding): string;
  digest(encoding?: BinaryToTextEncoding): Buffer | string {
    const out = asBuffer(this.#live().digest());
    this.#state = undefined;
    return encoding === undefined ? out : out.toString(encoding);
  }

  #live(): HashState {
    if (this.#state === undefined) {
      throw nodeError(new Error('Digest already called'), 'ERR_CRYPTO_HASH_FINALIZED');
    }
    return this.#state;
  }
}

export type { Hash };

export function createHash(algorithm: string): Hash {
  const hash = findHash(algorithm);
  if (hash === undefined) throw new Error('Digest method not supported');
  return new Hash(hash.create());
}

// ---------------------------------------------------------------------------------------
// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) — a minimal DER reader, just enough for
//   SEQUENCE { SEQUENCE { OID algorithm, parameters OPTIONAL }, BIT STRING key }

const TAG_SEQUENCE = 0x30;
const TAG_BIT_STRING = 0x03;
const TAG_OID = 0x06;

// OIDs as hex of their DER content bytes.
const OID_EC_PUBLIC_KEY = '2a8648ce3d0201'; // 1.2.840.10045.2.1
const OID_ED25519 = '2b6570'; // 1.3.101.112
const OID_RSA_ENCRYPTION = '2a864886f70d010101'; // 1.2.840.113549.1.1.1
const OID_RSASSA_PSS = '2a864886f70d01010a'; // 1.2.840.113549.1.1.10

type Ecdsa = typeof p256;

const EC_CURVES: Readonly<Record<string, { name: NamedCurve; ecdsa: Ecdsa }>> = {
  '2a8648ce3d030107': { name: 'prime256v1', ecdsa: p256 }, // 1.2.840.10045.3.1.7
  '2b81040022': { name: 'secp384r1', ecdsa: p384 }, // 1.3.132.0.34
  '2b81040023': { name: 'secp521r1', ecdsa: p521 }, // 1.3.132.0.35
};

const WEBCRYPTO_CURVES: Readonly<Record<NamedCurve, 'P-256' | 'P-384' | 'P-521'>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

interface Tlv {
  readonly tag: number;
  readonly value: Uint8Array;
  readonly end: number;
}

function readTlv(bytes: Uint8Array, offset: number): Tlv {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw malformedKey('truncated DER');
  let start = offset + 2;
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3) throw malformedKey('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = bytes[start + i];
      if (byte === undefined) throw malformedKey('truncated DER');
      length = length * 256 + byte;
    }
    if (length < 0x80 || bytes[start] === 0) throw malformedKey('non-minimal DER length');
    start += count;
  }
  const end = start + length;
  if (end > bytes.length) throw malformedKey('truncated DER');
  return { tag, value: bytes.subarray(start, end), end };
}

function readChildren(bytes: Uint8Array): Tlv[] {
  const children: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const child = readTlv(bytes, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

function hex(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('hex');
}

/** Dotted form of a DER OID, for error messages only. */
function oidToString(content: Uint8Array): string {
  const arcs: number[] = [];
  let arc = 0;
  for (const byte of content) {
    arc = arc * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(arc);
      arc = 0;
    }
  }
  const [head = 0, ...rest] = arcs;
  const first = Math.min(Math.floor(head / 40), 2);
  return [first, head - first * 40, ...rest].join('.');
}

type ParsedKey =
  | { readonly kind: 'ec'; readonly curve: NamedCurve; readonly ecdsa: Ecdsa; readonly point: Uint8Array }
  | { readonly kind: 'ed25519'; readonly point: Uint8Array }
  | { readonly kind: 'rsa' | 'rsa-pss'; readonly rsa: RsaKey };

function parseEcKey(parameters: Tlv | undefined, keyBytes: Uint8Array): ParsedKey {
  if (parameters?.tag !== TAG_OID) throw unsupportedKey('EC key without a named curve');
  const curve = EC_CURVES[hex(parameters.value)];
  if (curve === undefined) throw unsupportedKey(`EC curve ${oidToString(parameters.value)}`);
  let point: Uint8Array;
  try {
    // Validates that the point is on the curve (Node rejects such keys too) and
    // decompresses it once: verify() then gets the cheap uncompressed form every time.
    point = curve.ecdsa.Point.fromBytes(keyBytes).toBytes(false);
  } catch {
    throw malformedKey(`not a valid ${curve.name} point`);
  }
  return { kind: 'ec', curve: curve.name, ecdsa: curve.ecdsa, point };
}

function rsaKey(kind: 'rsa' | 'rsa-pss', parameters: Tlv | undefined, keyBytes: Uint8Array): ParsedKey {
  const parsed = parseRsaPublicKey(keyBytes);
  if (typeof parsed === 'string') throw malformedKey(parsed);
  if (kind === 'rsa') {
    // rsaEncryption carries NULL parameters (OpenSSL also accepts them absent).
    if (parameters !== undefined && !(parameters.tag === 0x05 && parameters.value.length === 0)) {
      throw malformedKey('bad rsaEncryption parameters');
    }
    return { kind, rsa: parsed };
  }
  if (parameters === undefined) return { kind, rsa: parsed }; // unrestricted RSASSA-PSS key
  if (parameters.tag !== TAG_SEQUENCE) throw malformedKey('bad RSASSA-PSS parameters');
  const pss = parsePssParameters(parameters.value);
  if (typeof pss === 'string') throw unsupportedKey(pss);
  return { kind, rsa: { ...parsed, pss } };
}

function parseSpki(der: Uint8Array): ParsedKey {
  const outer = readTlv(der, 0);
  if (outer.tag !== TAG_SEQUENCE || outer.end !== der.length) throw malformedKey('expected a single SEQUENCE');
  const [algorithm, subjectPublicKey, ...extra] = readChildren(outer.value);
  if (algorithm?.tag !== TAG_SEQUENCE || subjectPublicKey?.tag !== TAG_BIT_STRING || extra.length > 0) {
    throw malformedKey('expected SEQUENCE { AlgorithmIdentifier, BIT STRING }');
  }
  const [oid, parameters, ...more] = readChildren(algorithm.value);
  if (oid?.tag !== TAG_OID || more.length > 0) throw malformedKey('bad AlgorithmIdentifier');
  // The first content byte of a BIT STRING counts unused trailing bits; keys use whole bytes.
  if (subjectPublicKey.value[0] !== 0) throw malformedKey('bad public key BIT STRING');
  const keyBytes = subjectPublicKey.value.subarray(1);

  switch (hex(oid.value)) {
    case OID_EC_PUBLIC_KEY:
      return parseEcKey(parameters, keyBytes);
    case OID_ED25519:
      if (parameters !== undefined || keyBytes.length !== 32) throw malformedKey('bad Ed25519 key');
      // Like OpenSSL, the 32 bytes are not decoded here: a bad point just fails verify().
      return { kind: 'ed25519', point: keyBytes.slice() };
    case OID_RSA_ENCRYPTION:
      return rsaKey('rsa', parameters, keyBytes);
    case OID_RSASSA_PSS:
      return rsaKey('rsa-pss', parameters, keyBytes);
    default:
      throw unsupportedKey(`algorithm ${oidToString(oid.value)}`);
  }
}

// ---------------------------------------------------------------------------------------
// PEM

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function pemToDer(text: string): Uint8Array {
  const match = PEM_BLOCK.exec(text);
  const label = match?.[1];
  const body = match?.[2];
  if (label === undefined || body === undefined) throw malformedKey('no PEM block found');
  if (label !== 'PUBLIC KEY' && label !== 'RSA PUBLIC KEY') {
    throw unsupportedKey(`PEM "${label}" (only "PUBLIC KEY" and "RSA PUBLIC KEY" are accepted)`);
  }
  const base64 = body.replace(/\s+/g, '');
  if (!BASE64.test(base64)) throw malformedKey('bad base64 in PEM');
  const der = Buffer.from(base64, 'base64');
  return label === 'RSA PUBLIC KEY' ? pkcs1ToSpki(der) : der;
}

/**
 * An RSAPublicKey (PKCS#1) as the SubjectPublicKeyInfo Node exports for it:
 * SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING { 0, RSAPublicKey } }.
 */
function pkcs1ToSpki(pkcs1: Uint8Array): Uint8Array {
  const outer = readTlv(pkcs1, 0);
  if (outer.tag !== TAG_SEQUENCE || outer.end !== pkcs1.length) throw malformedKey('expected an RSAPublicKey SEQUENCE');
  const algorithm = Uint8Array.from([0x30, 0x0d, 0x06, 0x09, ...Buffer.from(OID_RSA_ENCRYPTION, 'hex'), 0x05, 0x00]);
  const bitString = derTlv(TAG_BIT_STRING, Uint8Array.from([0, ...pkcs1]));
  return derTlv(TAG_SEQUENCE, Uint8Array.from([...algorithm, ...bitString]));
}

function derTlv(tag: number, value: Uint8Array): Uint8Array {
  const length = value.length;
  const lengthBytes: number[] = [];
  if (length < 0x80) lengthBytes.push(length);
  else {
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
    lengthBytes.unshift(0x80 | lengthBytes.length);
  }
  return Uint8Array.from([tag, ...lengthBytes, ...value]);
}

function derToPem(der: Uint8Array): string {
  const lines =
    asBuffer(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

// ---------------------------------------------------------------------------------------
// Key objects

/** Parsed key material, reachable only from this module (so keys cannot be forged). */
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

// ---------------------------------------------------------------------------------------
// Signatures

function invalidDigest(algorithm: unknown): Error {
  return nodeError(new TypeError(`Invalid digest: ${String(algorithm)}`), 'ERR_CRYPTO_INVALID_DIGEST');
}

function verifyEcdsa(
  key: Extract<ParsedKey, { kind: 'ec' }>,
  der: { spki: Uint8Array; id: string },
  algorithm: string | null | undefined,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  // With no digest named, OpenSSL 3 (and so Node) hashes with SHA-256 for every EC curve,
  // P-384 included (confirmed by the differential test). @sigstore passes no digest for
  // DSSE envelope signatures, Rekor SETs and checkpoints, so this must match exactly.
  const hashName = algorithm === null || algorithm === undefined ? 'sha256' : canonicalHashName(algorithm);
  const hash = hashName === undefined ? undefined : HASHES[hashName];
  if (hash === undefined || hashName === undefined) throw invalidDigest(algorithm);
  const digest = hashOnce(hash, message);
  // ECDSA verification is a function of (key, digest, signature): that is the check's id.
  const id = `ecdsa:${der.id}:${hex(digest)}:${hex(signature)}`;
  const webCryptoHash = WEBCRYPTO_HASHES[hashName];
  const cached =
    webCryptoHash === undefined
      ? signatureCache.get(id)
      : cachedOrRecorded(id, () => ({
          id,
          algorithm: 'ECDSA',
          curve: WEBCRYPTO_CURVES[key.curve],
          hash: webCryptoHash,
          spki: der.spki,
          message: message.slice(),
          signature: signature.slice(),
        }));
  if (cached !== undefined) return cached;
  let result: boolean;
  try {
    // prehash: false — the digest is already computed above with the requested algorithm.
    // lowS: false — OpenSSL accepts either s or n - s; Sigstore signatures are not
    // low-S normalised, so noble's default (reject high S) would fail real bundles.
    // format: 'der' — X.509, RFC 3161, SCT and Rekor signatures are DER ECDSA-Sig-Value.
    result = key.ecdsa.verify(signature, digest, key.point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    result = false; // malformed DER: Node returns false too
  }
  signatureCache.set(id, result);
  return result;
}

/** WebCrypto can check ECDSA and RSA only with SHA-2 digests; the others stay in JS. */
const WEBCRYPTO_HASHES: Readonly<Record<string, CheckHash | undefined>> = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/**
 * A known result, or `true` while the signature cache records what a verification will
 * ask (see signature-cache.ts); undefined when the check must really be computed.
 */
function cachedOrRecorded(id: string, describe: () => SignatureCheck): boolean | undefined {
  if (signatureCache.isRecording) {
    if (!signatureCache.has(id)) signatureCache.record(describe());
    return true;
  }
  return signatureCache.get(id);
}

function verifyEd25519(
  key: Extract<ParsedKey, { kind: 'ed25519' }>,
  der: { spki: Uint8Array; id: string },
  algorithm: string | null | undefined,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  // Ed25519 signs the message itself (PureEdDSA): Node throws if a digest is named.
  if (algorithm !== null && algorithm !== undefined) throw invalidDigest(algorithm);
  const id = `ed25519:${der.id}:${hex(sha512(message))}:${hex(signature)}`;
  // One engine answers every Ed25519 check: this one. Ed25519 implementations differ at
  // the edges (small-order keys and R, non-canonical encodings, cofactored or not), and
  // the browser's WebCrypto engine cannot be checked against OpenSSL from here, while
  // noble's strict mode is (node-crypto-shim.test.ts, edge vectors). So Ed25519 checks
  // are never sent to WebCrypto; they are few (Rekor v2 checkpoints) and cheap enough.
  const cached = signatureCache.get(id);
  if (cached !== undefined) return cached;
  let result: boolean;
  try {
    result = verifyEd25519AsOpenSsl(key.point, message, signature);
  } catch {
    result = false;
  }
  signatureCache.set(id, result);
  return result;
}

const ED25519_P = 2n ** 255n - 19n;
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return value;
}

function toLittleEndian(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = 0; i < length; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/**
 * Ed25519 verification exactly as OpenSSL's ossl_ed25519_verify (what Node runs): S must
 * be below the group order; the public key's y is read modulo p (non-canonical and
 * small-order keys are accepted, x = 0 with the sign bit set too); then the cofactorless
 * equation: the canonical encoding of [S]B - [k]A must equal R's 32 bytes.
 *
 * Written here on noble's point arithmetic because neither of noble's verify modes is
 * OpenSSL's: its strict mode refuses the keys OpenSSL accepts, its ZIP-215 mode is
 * cofactored. A verdict that differs from Node's is a parity bug, in either direction;
 * node-crypto-shim.test.ts checks the edge vectors (small-order and non-canonical A and
 * R, S ≥ L, keys with a torsion component) against node:crypto.
 */
function verifyEd25519AsOpenSsl(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const r = signature.subarray(0, 32);
  const s = littleEndian(signature.subarray(32));
  if (s >= ED25519_L) return false;
  const encoded = littleEndian(publicKey);
  const y = (encoded & ((1n << 255n) - 1n)) % ED25519_P;
  let a: ReturnType<typeof ed25519.Point.fromBytes>;
  try {
    // The same point with y reduced: zip215 mode, so that x = 0 with the sign bit passes.
    a = ed25519.Point.fromBytes(toLittleEndian(y | ((encoded >> 255n) << 255n), 32), true);
  } catch {
    return false; // not on the curve
  }
  const digest = sha512.create();
  digest.update(r);
  digest.update(publicKey);
  digest.update(message);
  const k = littleEndian(digest.digest()) % ED25519_L;
  const check = ed25519.Point.BASE.multiplyUnsafe(s).subtract(a.multiplyUnsafe(k)).toBytes();
  return timingSafeEqualBytes(check, r);
}

function verifyRsaKey(
  key: Extract<ParsedKey, { kind: 'rsa' | 'rsa-pss' }>,
  der: { spki: Uint8Array; id: string },
  algorithm: string | null | undefined,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const restricted = key.rsa.pss;
  // With no digest named, OpenSSL uses SHA-256 for RSA keys, and an RSASSA-PSS key's own
  // digest when its parameters name one; naming another digest for such a key is an
  // error in Node ("digest not allowed"), which @sigstore/core reports as false.
  const named = algorithm === null || algorithm === undefined ? undefined : canonicalHashName(algorithm);
  if (algorithm !== null && algorithm !== undefined && named === undefined) throw invalidDigest(algorithm);
  const hashName = named ?? restricted?.hash ?? 'sha256';
  if (!isRsaHashName(hashName)) throw invalidDigest(algorithm);
  if (restricted && hashName !== restricted.hash) {
    throw nodeError(new Error('digest not allowed'), 'ERR_OSSL_EVP_DIGEST_NOT_ALLOWED');
  }
  const hash = HASHES[hashName];
  if (hash === undefined) throw invalidDigest(algorithm);
  const id = `${key.kind}:${der.id}:${hashName}:${hex(hashOnce(hash, message))}:${hex(signature)}`;
  const webCryptoHash = WEBCRYPTO_HASHES[hashName];
  // WebCrypto's RSASSA-PKCS1-v1_5 is the same check; PSS with "any salt length" has no
  // WebCrypto equivalent, and an RSA public operation is cheap in JS anyway.
  const cached =
    key.kind === 'rsa' && webCryptoHash !== undefined
      ? cachedOrRecorded(id, () => ({
          id,
          algorithm: 'RSASSA-PKCS1-v1_5',
          hash: webCryptoHash,
          spki: der.spki,
          message: message.slice(),
          signature: signature.slice(),
        }))
      : signatureCache.get(id);
  if (cached !== undefined) return cached;
  const result = verifyRsa(key.rsa, key.kind, hashName, message, signature);
  signatureCache.set(id, result);
  return result;
}

/**
 * Node's one-shot `crypto.verify(algorithm, data, key, signature)`. Returns false for a
 * signature that does not verify or does not parse; throws (like Node) for an unknown
 * digest, a digest given with an Ed25519 key, or arguments of the wrong type.
 */
export function verify(
  algorithm: string | null | undefined,
  data: BinaryLike,
  key: PublicKeyInput,
  signature: ArrayBufferView | ArrayBuffer,
): boolean {
  const publicKey = createPublicKey(key);
  const parsed = parsedKeys.get(publicKey);
  const der = keyDer.get(publicKey);
  if (parsed === undefined || der === undefined) throw invalidArgType('key');
  const message = toBytes(data, 'data');
  if (!isBinary(signature)) throw invalidArgType('signature');
  const sig = viewBytes(signature);
  switch (parsed.kind) {
    case 'ec':
      return verifyEcdsa(parsed, der, algorithm, message, sig);
    case 'ed25519':
      return verifyEd25519(parsed, der, algorithm, message, sig);
    default:
      return verifyRsaKey(parsed, der, algorithm, message, sig);
  }
}

// ---------------------------------------------------------------------------------------
// timingSafeEqual

function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
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
// the bundler hands it this module's namespace, whose `default` must carry the functions.
const nodeCryptoShim = { createHash, createPublicKey, timingSafeEqual, verify };

export default nodeCryptoShim;
