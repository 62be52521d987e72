// A message signature checked over the bundle's message digest, when the artifact's bytes
// are not at hand (as `cosign verify-blob --digest` does).
//
// @sigstore/verify checks `crypto.verify(hashAlgorithm, artifact, key, signature)`: the
// artifact hashed with the digest's algorithm, then the key's scheme. Given that hash,
// the same check is the scheme without its hashing step. Neither Node's crypto, nor
// WebCrypto, nor the shim verify a digest they did not compute, hence this module:
//   - ECDSA: @noble/curves with prehash off and the options the shim uses to match OpenSSL
//     (DER signatures, high S accepted); a digest longer than the curve is truncated, as
//     OpenSSL does.
//   - RSA (PKCS#1 v1.5, Node's padding for an `rsa` key): s^e mod n compared byte for byte
//     with the EMSA-PKCS1-v1_5 encoding of the digest, as OpenSSL's RSA_verify compares.
//   - Ed25519 signs the message itself: it cannot be checked over a digest (Node refuses
//     a named digest with an Ed25519 key, so the library's own check fails it too).
// The key is always the library's: the key object the key finder or the certificate gave
// (`createPublicKey` of Node or of the shim), read through its SPKI export with
// @sigstore/core's ASN.1 parser; the curve is the one that key object reports.
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ASN1Obj } from '@sigstore/core';
import { Buffer } from 'buffer';
import { bytesToHex } from '../../util/encoding';
import type { DigestAlgorithm } from './types';

/** The part of a Node KeyObject (or the shim's key) read here. */
interface KeyLike {
  asymmetricKeyType?: string;
  asymmetricKeyDetails?: { namedCurve?: string };
  export(options: { format: 'der'; type: 'spki' }): unknown;
}

const CURVES = { prime256v1: p256, secp384r1: p384, secp521r1: p521 } as const;

/** DER of DigestInfo { AlgorithmIdentifier { hash OID, NULL }, OCTET STRING (digest follows) } (RFC 8017 §9.2). */
const DIGEST_INFO_PREFIX: Readonly<Record<DigestAlgorithm, string>> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/** Whether `signature` is `key`'s over a message whose `algorithm` hash is `digest`; false for any key it cannot check. */
export function verifyPrehashed(
  key: unknown,
  algorithm: DigestAlgorithm,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const object = key as KeyLike;
    const spki = ASN1Obj.parseBuffer(Buffer.from(object.export({ format: 'der', type: 'spki' }) as Uint8Array));
    // SubjectPublicKeyInfo { algorithm, BIT STRING subjectPublicKey }; the bit string's first byte counts unused bits.
    const bits = spki.subs[1]?.value;
    if (!bits || bits[0] !== 0) return false;
    const publicKey = bits.subarray(1);
    if (object.asymmetricKeyType === 'ec') {
      const name = object.asymmetricKeyDetails?.namedCurve;
      const curve = name !== undefined && name in CURVES ? CURVES[name as keyof typeof CURVES] : undefined;
      return (
        curve !== undefined &&
        curve.verify(signature, digest, publicKey, { prehash: false, lowS: false, format: 'der' })
      );
    }
    if (object.asymmetricKeyType === 'rsa') return verifyRsaPkcs1(publicKey, algorithm, digest, signature);
    return false;
  } catch {
    return false; // a signature or key that does not parse: Node's verify answers false too
  }
}

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of a digest. Hand-written: no
 * synchronous library at hand verifies RSA over a digest it did not compute. BigInt
 * arithmetic is not constant-time, which a verifier of public data does not need.
 */
function verifyRsaPkcs1(
  rsaPublicKey: Uint8Array,
  algorithm: DigestAlgorithm,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const [modulus, exponent] = ASN1Obj.parseBuffer(Buffer.from(rsaPublicKey)).subs;
  if (!modulus || !exponent) return false;
  const n = modulus.toInteger();
  const e = exponent.toInteger();
  const k = modulus.value[0] === 0 ? modulus.value.length - 1 : modulus.value.length;
  if (n <= 0n || e <= 0n || signature.length !== k) return false;
  const s = BigInt(`0x${bytesToHex(signature) || '0'}`);
  if (s >= n) return false;
  let m = 1n;
  for (let base = s % n, power = e; power > 0n; power >>= 1n, base = (base * base) % n) {
    if (power & 1n) m = (m * base) % n;
  }
  const digestInfo = `${DIGEST_INFO_PREFIX[algorithm]}${bytesToHex(digest)}`;
  const padding = k - 3 - digestInfo.length / 2;
  if (padding < 8) return false;
  const expected = `0001${'ff'.repeat(padding)}00${digestInfo}`;
  return m.toString(16).padStart(k * 2, '0') === expected;
}
