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
 *
 * The parts live in ./shim/ by concern: types, bytes (conversions and Node-shaped
 * errors), hash, spki (DER/PEM key reading), keys (key objects), ecdsa, ed25519,
 * rsa-key, check (the signature cache's hook) and timing-safe-equal. This module is the
 * entry: `verify`, which picks the algorithm by key type, and the public surface.
 */
import { invalidArgType, isBinary, toBytes, viewBytes } from './shim/bytes';
import { verifyEcdsa } from './shim/ecdsa';
import { verifyEd25519 } from './shim/ed25519';
import { createHash } from './shim/hash';
import { createPublicKey, keyMaterial } from './shim/keys';
import { verifyRsaKey } from './shim/rsa-key';
import { timingSafeEqual } from './shim/timing-safe-equal';
import { type BinaryLike, type PublicKeyInput } from './shim/types';

export type { Hash } from './shim/hash';
export { SHIM_KEY_MARKER } from './shim/keys';
export type {
  BinaryLike,
  BinaryToTextEncoding,
  ExportablePublicKey,
  NamedCurve,
  PublicKeyDetails,
  PublicKeyInput,
  PublicKeyObject,
  StringEncoding,
} from './shim/types';
export { createHash, createPublicKey, timingSafeEqual };

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
  const material = keyMaterial(publicKey);
  if (material === undefined) throw invalidArgType('key');
  const { parsed, der } = material;
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

// @sigstore/core is CommonJS and does `__importDefault(require("crypto")).default.verify`:
// the bundler hands it this module's namespace, whose `default` must carry the functions.
const nodeCryptoShim = { createHash, createPublicKey, timingSafeEqual, verify };

export default nodeCryptoShim;
