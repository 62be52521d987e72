/**
 * RSA signature verification for the crypto shim, as Node's `crypto.verify` (OpenSSL 3)
 * does it for the keys @sigstore/verify can be given: RSASSA-PKCS1-v1_5 for rsaEncryption
 * keys, RSASSA-PSS for id-RSASSA-PSS keys. Synchronous, because @sigstore/verify is; the
 * verifier's two-pass driver sends PKCS#1 v1.5 checks to WebCrypto ahead of time (see
 * signature-cache.ts), so this runs for the checks WebCrypto cannot answer.
 *
 * The padding schemes come from micro-rsa-dsa-dh (paulmillr, on @noble/hashes). Written
 * here, because that library does not offer it: OpenSSL's defaults and limits, and the
 * salt-length recovery of RSA_PSS_SALTLEN_AUTO (what Node uses to verify a PSS signature
 * when no salt length is given, which @sigstore never gives): the salt length is read
 * from the encoded message, then the library verifies with it.
 * node-crypto-shim.test.ts checks all of it differentially against node:crypto.
 */
import { NOBLE_HASHES } from './hashes';
import {
  PKCS1_SHA224,
  PKCS1_SHA256,
  PKCS1_SHA384,
  PKCS1_SHA512,
  PKCS1_SHA3_224,
  PKCS1_SHA3_256,
  PKCS1_SHA3_384,
  PKCS1_SHA3_512,
  PSS,
  mgf1,
  type IPKCS,
} from 'micro-rsa-dsa-dh/rsa.js';

/** Digests by the shim's canonical names (see canonicalHashName in node-crypto-shim.ts). */
export type RsaHashName = 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'sha3-224' | 'sha3-256' | 'sha3-384' | 'sha3-512';

export interface PssParameters {
  hash: RsaHashName;
  mgf1Hash: RsaHashName;
  saltLength: number;
}

export interface RsaKey {
  n: bigint;
  e: bigint;
  /** Modulus length in bits. */
  bits: number;
  /** The restrictions of an RSASSA-PSS key that carries parameters. */
  pss?: PssParameters;
}

const HASHES = NOBLE_HASHES;

const PKCS1: Readonly<Record<RsaHashName, IPKCS>> = {
  sha224: PKCS1_SHA224,
  sha256: PKCS1_SHA256,
  sha384: PKCS1_SHA384,
  sha512: PKCS1_SHA512,
  'sha3-224': PKCS1_SHA3_224,
  'sha3-256': PKCS1_SHA3_256,
  'sha3-384': PKCS1_SHA3_384,
  'sha3-512': PKCS1_SHA3_512,
};

export function isRsaHashName(name: string): name is RsaHashName {
  return Object.prototype.hasOwnProperty.call(HASHES, name);
}

// OpenSSL's limits on public keys (rsa_ossl_public_decrypt): what it refuses, Node refuses.
const MAX_MODULUS_BITS = 16384;
const SMALL_MODULUS_BITS = 3072;
const MAX_PUBLIC_EXPONENT_BITS = 64;

function bitLength(value: bigint): number {
  return value.toString(2).length;
}

function keyUsable({ n, e, bits }: RsaKey): boolean {
  // Nothing else: OpenSSL even verifies with e = 1 (where any encoded message is its own
  // "signature"); such a key can only come from trusted material, and Node's answer is
  // the one to give.
  if (bits > MAX_MODULUS_BITS || e >= n) return false;
  return bits <= SMALL_MODULUS_BITS || bitLength(e) <= MAX_PUBLIC_EXPONENT_BITS;
}

/**
 * Node's verify for an RSA key: PKCS#1 v1.5 for `rsa`, PSS for `rsa-pss` (the key's own
 * parameters if it has them, else MGF1 with the message digest and any salt length).
 * `hash` is the digest Node would use (the caller resolves the default and restrictions).
 */
export function verifyRsa(
  key: RsaKey,
  kind: 'rsa' | 'rsa-pss',
  hash: RsaHashName,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (!keyUsable(key)) return false;
  const publicKey = { n: key.n, e: key.e };
  try {
    if (kind === 'rsa') return PKCS1[hash].verify(publicKey, message, signature);
    const mgfHash = HASHES[key.pss?.mgf1Hash ?? hash];
    const integer = pssSignatureInteger(signature, Math.ceil(key.bits / 8));
    const saltLength = key.pss?.saltLength ?? recoverSaltLength(key, HASHES[hash].outputLen, mgfHash, integer);
    if (saltLength === undefined) return false;
    return PSS(HASHES[hash], mgf1(mgfHash), saltLength).verify(publicKey, message, integer);
  } catch {
    return false; // e.g. a modulus too small for the digest: OpenSSL fails the check too
  }
}

/**
 * A PSS signature as OpenSSL (so Node) reads it: an integer of at most the modulus' length
 * in bytes, a shorter one taken with leading zeros (`RSA_public_decrypt` reads the bytes
 * as a number; only PKCS#1 v1.5 insists on the exact length). A valid signature whose
 * first byte is 0 (about one in 200) verifies in Node with that byte dropped: so it does
 * here. A longer one is left as it is (refused).
 */
function pssSignatureInteger(signature: Uint8Array, length: number): Uint8Array {
  if (signature.length >= length) return signature;
  const padded = new Uint8Array(length);
  padded.set(signature, length - signature.length);
  return padded;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function bigIntToBytes(value: bigint, length: number): Uint8Array | undefined {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return rest === 0n ? out : undefined;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/**
 * RSA_PSS_SALTLEN_AUTO: the salt length the encoded message itself shows (RFC 8017
 * §9.1.2 steps 1–10, reading where the 0x01 separator is). Undefined when the encoding
 * is not PSS at all; the library's verification then re-checks everything.
 */
function recoverSaltLength(
  { n, e, bits }: RsaKey,
  hashLength: number,
  mgfHash: (typeof HASHES)[RsaHashName],
  signature: Uint8Array,
): number | undefined {
  const k = Math.ceil(bits / 8);
  if (signature.length !== k) return undefined;
  const s = bytesToBigInt(signature);
  if (s >= n) return undefined;
  const emBits = bits - 1;
  const emLength = Math.ceil(emBits / 8);
  const em = bigIntToBytes(modPow(s, e, n), emLength);
  if (!em || emLength < hashLength + 2 || em[emLength - 1] !== 0xbc) return undefined;
  const dbLength = emLength - hashLength - 1;
  const h = em.subarray(dbLength, emLength - 1);
  const mask = mgf1(mgfHash)(h, { dkLen: dbLength });
  const db = em.subarray(0, dbLength).map((byte, i) => byte ^ (mask[i] ?? 0));
  db[0] = (db[0] ?? 0) & (0xff >> (8 * emLength - emBits));
  const separator = db.findIndex((byte) => byte !== 0);
  if (separator < 0 || db[separator] !== 0x01) return undefined;
  return dbLength - separator - 1;
}

// ---------------------------------------------------------------------------------------
// Key encodings (strict DER, as OpenSSL reads them)

interface Tlv {
  tag: number;
  value: Uint8Array;
  end: number;
}

function readTlv(bytes: Uint8Array, offset: number): Tlv | undefined {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) return undefined;
  let start = offset + 2;
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3 || bytes[start] === 0) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? 0);
    if (length < 0x80) return undefined;
    start += count;
  }
  const end = start + length;
  return end <= bytes.length ? { tag, value: bytes.subarray(start, end), end } : undefined;
}

function readChildren(bytes: Uint8Array): Tlv[] | undefined {
  const children: Tlv[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const child = readTlv(bytes, offset);
    if (!child) return undefined;
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** A minimally encoded, positive DER INTEGER. */
function positiveInteger(tlv: Tlv | undefined): bigint | undefined {
  if (tlv?.tag !== 0x02 || tlv.value.length === 0) return undefined;
  const [first = 0, second = 0] = tlv.value;
  if (first & 0x80) return undefined; // negative
  if (tlv.value.length > 1 && first === 0 && !(second & 0x80)) return undefined; // not minimal
  const value = bytesToBigInt(tlv.value);
  return value > 0n ? value : undefined;
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1). */
export function parseRsaPublicKey(der: Uint8Array): RsaKey | string {
  const outer = readTlv(der, 0);
  if (outer?.tag !== 0x30 || outer.end !== der.length) return 'expected an RSAPublicKey SEQUENCE';
  const children = readChildren(outer.value);
  const n = positiveInteger(children?.[0]);
  const e = positiveInteger(children?.[1]);
  if (children?.length !== 2 || n === undefined || e === undefined) return 'bad RSAPublicKey';
  return { n, e, bits: bitLength(n) };
}

const HASH_OIDS: Readonly<Record<string, RsaHashName>> = {
  '608648016503040204': 'sha224',
  '608648016503040201': 'sha256',
  '608648016503040202': 'sha384',
  '608648016503040203': 'sha512',
  '608648016503040207': 'sha3-224',
  '608648016503040208': 'sha3-256',
  '608648016503040209': 'sha3-384',
  '60864801650304020a': 'sha3-512',
};
const OID_MGF1 = '2a864886f70d010108';

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** AlgorithmIdentifier of a digest (parameters NULL or absent). */
function hashAlgorithm(tlv: Tlv | undefined): RsaHashName | string {
  const parts = tlv?.tag === 0x30 ? readChildren(tlv.value) : undefined;
  const [oid, parameters, ...extra] = parts ?? [];
  if (oid?.tag !== 0x06 || extra.length > 0) return 'bad digest AlgorithmIdentifier';
  if (parameters !== undefined && !(parameters.tag === 0x05 && parameters.value.length === 0)) {
    return 'bad digest parameters';
  }
  return HASH_OIDS[hex(oid.value)] ?? 'an RSASSA-PSS key restricted to a digest other than SHA-2 or SHA-3';
}

/**
 * RSASSA-PSS-params (RFC 8017 A.2.3): [0] hash, [1] MGF1 with its hash, [2] salt length,
 * [3] trailer field (always 1). Absent fields take the RFC's defaults (SHA-1, MGF1-SHA-1,
 * 20), which this shim does not support: SHA-1 keys are refused, as SHA-1 digests are.
 */
export function parsePssParameters(content: Uint8Array): PssParameters | string {
  const fields = readChildren(content);
  if (!fields) return 'bad RSASSA-PSS parameters';
  let hash: RsaHashName | string = 'an RSASSA-PSS key with the default SHA-1 digest';
  let mgf1Hash: RsaHashName | string = 'an RSASSA-PSS key with the default MGF1-SHA-1';
  let saltLength = 20;
  let lastTag = -1;
  for (const field of fields) {
    if (field.tag <= lastTag) return 'bad RSASSA-PSS parameters';
    lastTag = field.tag;
    const [inner, ...extra] = readChildren(field.value) ?? [];
    if (!inner || extra.length > 0) return 'bad RSASSA-PSS parameters';
    switch (field.tag) {
      case 0xa0:
        hash = hashAlgorithm(inner);
        break;
      case 0xa1: {
        const [oid, parameters, ...more] = inner.tag === 0x30 ? (readChildren(inner.value) ?? []) : [];
        if (oid?.tag !== 0x06 || hex(oid.value) !== OID_MGF1 || more.length > 0)
          return 'an RSASSA-PSS key with a mask other than MGF1';
        mgf1Hash = hashAlgorithm(parameters);
        break;
      }
      case 0xa2: {
        const value = inner.tag === 0x02 && inner.value.length === 0 ? undefined : positiveOrZero(inner);
        if (value === undefined) return 'bad RSASSA-PSS salt length';
        saltLength = value;
        break;
      }
      case 0xa3:
        if (positiveOrZero(inner) !== 1) return 'bad RSASSA-PSS trailer field';
        break;
      default:
        return 'bad RSASSA-PSS parameters';
    }
  }
  if (!isRsaHashName(hash)) return hash;
  if (!isRsaHashName(mgf1Hash)) return mgf1Hash;
  return { hash, mgf1Hash, saltLength };
}

function positiveOrZero(tlv: Tlv): number | undefined {
  if (tlv.tag !== 0x02) return undefined;
  if (tlv.value.length === 1 && tlv.value[0] === 0) return 0;
  const value = positiveInteger(tlv);
  return value !== undefined && value <= 0xffffn ? Number(value) : undefined;
}
