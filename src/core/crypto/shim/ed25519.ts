import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { signatureCache } from '../signature-cache';
import { invalidDigest, type AlgorithmCheck } from './check';
import { hex } from './spki';
import { timingSafeEqualBytes } from './timing-safe-equal';

export const verifyEd25519: AlgorithmCheck<'ed25519'> = (key, der, algorithm, message, signature) => {
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
};

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
