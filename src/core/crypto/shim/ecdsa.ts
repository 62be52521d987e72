import { signatureCache } from '../signature-cache';
import { WEBCRYPTO_HASHES, cachedOrRecorded, invalidDigest, type AlgorithmCheck } from './check';
import { HASHES, canonicalHashName, hashOnce } from './hash';
import { WEBCRYPTO_CURVES, hex } from './spki';

export const verifyEcdsa: AlgorithmCheck<'ec'> = (key, der, algorithm, message, signature) => {
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
};
