import { isRsaHashName, verifyRsa } from '../rsa';
import { signatureCache } from '../signature-cache';
import { nodeError } from './bytes';
import { WEBCRYPTO_HASHES, cachedOrRecorded, invalidDigest, type AlgorithmCheck } from './check';
import { HASHES, canonicalHashName, hashOnce } from './hash';
import { hex } from './spki';

export const verifyRsaKey: AlgorithmCheck<'rsa' | 'rsa-pss'> = (key, der, algorithm, message, signature) => {
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
};
