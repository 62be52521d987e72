// The timeline's trust material, built once per worker and key set (see trust-root.ts).
import { crypto } from '@sigstore/core';
import type { KeyFinderFunc, Verifier } from '@sigstore/verify';
import { keyValidAt, type RegistryKey } from '../registry/npm-keys';
import { KeyNotFoundError, loadTrustRoot, verifierFor, type TrustRootCache } from './trust-root';

export { KeyNotFoundError };

export interface VerificationContext {
  verifier: Verifier;
  npmKeys: RegistryKey[];
  /** npm registry keys parsed once, by key id. */
  keyCache: Map<string, ReturnType<typeof crypto.createPublicKey>>;
  /** Rekor logs of the trusted root by log id (base64), for links to entries. */
  tlogBaseUrls: Map<string, string>;
}

export interface TrustInputs {
  /** JSON form of a Sigstore TrustedRoot (public-good, or another instance's). */
  trustedRoot: unknown;
  npmKeys: RegistryKey[];
}

export function createVerificationContext(inputs: TrustInputs, cache?: TrustRootCache): VerificationContext {
  const trust = loadTrustRoot(inputs.trustedRoot, cache);
  const verifier = verifierFor(trust, npmKeyFinder(inputs.npmKeys));
  return { verifier, npmKeys: inputs.npmKeys, keyCache: new Map(), tlogBaseUrls: trust.tlogBaseUrls };
}

/**
 * The publish attestation names npm's key by id (`SHA256:…`). The key must be one
 * npm uses for attestations and valid when the entry was logged: the library passes
 * the log's integrated time to `validFor`. A hint no npm key answers to goes to
 * `otherwise` (the #/verify page's user-given key), or is KEY_NOT_FOUND.
 */
export function npmKeyFinder(keys: RegistryKey[], otherwise?: KeyFinderFunc): KeyFinderFunc {
  const parsed = new Map<string, ReturnType<typeof crypto.createPublicKey>>();
  return (hint: string) => {
    const key = keys.find((k) => k.keyId === hint && (!k.usages || k.usages.includes('npm:attestations')));
    if (!key) {
      if (otherwise) return otherwise(hint);
      throw new KeyNotFoundError(`npm has no attestation key with id ${hint}.`);
    }
    let publicKey = parsed.get(key.keyId);
    if (!publicKey) {
      publicKey = crypto.createPublicKey(key.publicKey);
      parsed.set(key.keyId, publicKey);
    }
    return { publicKey, validFor: (date: Date) => keyValidAt(key, date) };
  };
}
