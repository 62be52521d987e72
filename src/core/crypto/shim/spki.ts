import { p256, p384, p521 } from '@noble/curves/nist.js';
import { Buffer } from 'buffer';
import { parsePssParameters, parseRsaPublicKey, type RsaKey } from '../rsa';
import { asBuffer, malformedKey, unsupportedKey } from './bytes';
import { type NamedCurve } from './types';

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

export const WEBCRYPTO_CURVES: Readonly<Record<NamedCurve, 'P-256' | 'P-384' | 'P-521'>> = {
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

export function hex(bytes: Uint8Array): string {
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

export type ParsedKey =
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

export function parseSpki(der: Uint8Array): ParsedKey {
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

export function pemToDer(text: string): Uint8Array {
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
export function pkcs1ToSpki(pkcs1: Uint8Array): Uint8Array {
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

export function derToPem(der: Uint8Array): string {
  const lines =
    asBuffer(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
