import { signatureCache, type CheckHash, type SignatureCheck } from '../signature-cache';
import { nodeError } from './bytes';
import { type ParsedKey } from './spki';

// ---------------------------------------------------------------------------------------
// Signatures

export function invalidDigest(algorithm: unknown): Error {
  return nodeError(new TypeError(`Invalid digest: ${String(algorithm)}`), 'ERR_CRYPTO_INVALID_DIGEST');
}
/** WebCrypto can check ECDSA and RSA only with SHA-2 digests; the others stay in JS. */
export const WEBCRYPTO_HASHES: Readonly<Record<string, CheckHash | undefined>> = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/**
 * A known result, or `true` while the signature cache records what a verification will
 * ask (see signature-cache.ts); undefined when the check must really be computed.
 */
export function cachedOrRecorded(id: string, describe: () => SignatureCheck): boolean | undefined {
  if (signatureCache.isRecording) {
    if (!signatureCache.has(id)) signatureCache.record(describe());
    return true;
  }
  return signatureCache.get(id);
}

/** The DER of a key and its hex, which the check ids use. */
export interface KeyDer {
  spki: Uint8Array;
  id: string;
}

/** One algorithm's verification: `algorithm` is the digest named (none: the key's default). */
export type AlgorithmCheck<Kind extends ParsedKey['kind']> = (
  key: Extract<ParsedKey, { kind: Kind }>,
  der: KeyDer,
  algorithm: string | null | undefined,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean;
