// GENERATED Sigstore material for the differential tests: a throwaway transparency log
// (P-256) and key-signed DSSE bundles logged in it with a valid signed entry timestamp,
// whose Rekor body always matches the envelope. It reaches what recorded bundles cannot:
// a signature check that really runs after every log check passed (a tampered real
// DSSE signature is caught by the Rekor body or the SET first), for every key type,
// with high-S, non-canonical and invalid signatures. Nothing here is real Sigstore data.
// Keys are derived from fixed seeds (EC, Ed25519) or generated once per run (RSA: the
// verdicts never depend on which RSA key it is).
import type { KeyObject } from 'node:crypto';
import { logTrustedRoot, loggedDsseBundle, pae } from '../support/generated-bundle';
import { nodeCrypto, type Item } from './engines';

export { pae };

// Node's own crypto: in the `browser-crypto` project an `import 'node:crypto'` is the shim.
const { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } = nodeCrypto;

export type GeneratedKeyKind = 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | 'RSA-2048' | 'RSA-4096' | 'RSA-PSS-2048';

interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  spki: Buffer;
  pem: string;
}

const PKCS8_PREFIX: Record<'P-256' | 'P-384' | 'P-521' | 'Ed25519', string> = {
  'P-256': '3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420',
  'P-384': '304e020100301006072a8648ce3d020106052b81040022043730350201010430',
  'P-521': '3060020100301006072a8648ce3d020106052b81040023044930470201010442',
  Ed25519: '302e020100300506032b657004220420',
};
const SECRET_LENGTH = { 'P-256': 32, 'P-384': 48, 'P-521': 66, Ed25519: 32 } as const;

function fromPrivate(privateKey: KeyObject): KeyPair {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    spki: publicKey.export({ format: 'der', type: 'spki' }),
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

function seededKey(kind: keyof typeof PKCS8_PREFIX, seed: string): KeyPair {
  const secret = createHash('sha512').update(seed).digest().subarray(0, SECRET_LENGTH[kind]);
  const bytes = Buffer.concat([Buffer.alloc(Math.max(0, SECRET_LENGTH[kind] - secret.length)), secret]);
  if (kind !== 'Ed25519') bytes[0] = (kind === 'P-521' ? 0x01 : 0x7f) & (bytes[0] ?? 0);
  if (kind === 'P-521') {
    // sha512 gives 64 bytes: pad the 66-byte scalar from a second digest.
    const more = createHash('sha256').update(seed).digest();
    bytes.set(more.subarray(0, 2), 64);
  }
  const der = Buffer.concat([Buffer.from(PKCS8_PREFIX[kind], 'hex'), bytes]);
  return fromPrivate(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
}

const keys = new Map<GeneratedKeyKind, KeyPair>();

export function generatedKey(kind: GeneratedKeyKind): KeyPair {
  let key = keys.get(kind);
  if (!key) {
    switch (kind) {
      case 'RSA-2048':
        key = fromPrivate(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
        break;
      case 'RSA-4096':
        key = fromPrivate(generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey);
        break;
      case 'RSA-PSS-2048':
        key = fromPrivate(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey);
        break;
      default:
        key = seededKey(kind, `provenance-explorer differential ${kind}`);
    }
    keys.set(kind, key);
  }
  return key;
}

const LOG = seededKey('P-256', 'provenance-explorer differential rekor');
const LOG_ID = createHash('sha256').update(LOG.spki).digest();

/** GENERATED: a trusted root whose only transparency log is the generated one. */
export function generatedTrustedRoot(): string {
  return JSON.stringify(logTrustedRoot(LOG.spki, LOG_ID));
}

/** How @sigstore verifies a DSSE signature: no digest named (SHA-256 for EC and RSA). */
export function signDsse(kind: GeneratedKeyKind, data: Uint8Array): Buffer {
  const key = generatedKey(kind);
  return sign(kind === 'Ed25519' ? null : 'sha256', data, key.privateKey);
}

export const STATEMENT = JSON.stringify({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'generated.txt', digest: { sha256: createHash('sha256').update('generated').digest('hex') } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: {},
});

/**
 * GENERATED: a v0.1 bundle whose envelope carries `signature` (by default a valid one by
 * `kind`), logged as such: the Rekor body matches the envelope and the SET is valid, so
 * the DSSE signature check is the one that decides.
 */
export function generatedItem(name: string, kind: GeneratedKeyKind, signature?: Uint8Array): Item {
  const payloadType = 'application/vnd.in-toto+json';
  const payload = Buffer.from(STATEMENT, 'utf8');
  const sig = Buffer.from(signature ?? signDsse(kind, pae(payloadType, payload)));
  const key = generatedKey(kind);
  const bundle = loggedDsseBundle({
    log: { logId: LOG_ID, sign: (message) => sign('sha256', message, LOG.privateKey) },
    payload,
    payloadType,
    signature: sig,
    verifier: Buffer.from(key.pem).toString('base64'),
    hint: `generated-${kind}`,
  });
  return {
    name: `generated ${kind}: ${name}`,
    bundle: JSON.stringify(bundle),
    trustedRoot: generatedTrustedRoot(),
    publicKey: key.pem,
  };
}

// ---------------------------------------------------------------------------------------
// ECDSA signature shapes

const ORDERS: Record<'P-256' | 'P-384' | 'P-521', bigint> = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384': 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'P-521':
    0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

function derLength(length: number): Buffer {
  return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x81, length]);
}

function derInteger(value: bigint, extraZero = false): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  if (extraZero) bytes = Buffer.concat([Buffer.from([0]), bytes]); // not minimal: not DER
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

export function ecdsaSignature(
  r: bigint,
  s: bigint,
  options: { extraZero?: boolean; longLength?: boolean } = {},
): Buffer {
  const body = Buffer.concat([derInteger(r, options.extraZero), derInteger(s)]);
  // longLength: one length byte more than DER allows (BER's non-minimal long form).
  const length = !options.longLength
    ? derLength(body.length)
    : body.length < 0x80
      ? Buffer.from([0x81, body.length])
      : Buffer.from([0x82, 0x00, body.length]);
  return Buffer.concat([Buffer.from([0x30]), length, body]);
}

export function decodeEcdsa(signature: Uint8Array): { r: bigint; s: bigint } {
  let offset = (signature[1] ?? 0) & 0x80 ? 3 : 2;
  const read = (): bigint => {
    const long = (signature[offset + 1] ?? 0) === 0x81;
    const length = long ? (signature[offset + 2] ?? 0) : (signature[offset + 1] ?? 0);
    const start = offset + (long ? 3 : 2);
    const value = Buffer.from(signature.subarray(start, start + length));
    offset = start + length;
    return BigInt(`0x${value.toString('hex') || '0'}`);
  };
  const r = read();
  return { r, s: read() };
}

export function curveOrder(kind: 'P-256' | 'P-384' | 'P-521'): bigint {
  return ORDERS[kind];
}
