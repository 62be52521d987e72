// The trust material, built once per worker: parsing the trusted root's certificates
// and keys costs more than verifying a bundle, so it must not happen per version.
import { crypto } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toTrustMaterial, type KeyFinderFunc } from '@sigstore/verify';
import { keyValidAt, type RegistryKey } from '../registry/npm-keys';
import { installFastDerEncoder } from './fast-der-encoder';

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

export class KeyNotFoundError extends Error {
  readonly code = 'KEY_NOT_FOUND';
}

export function createVerificationContext(inputs: TrustInputs): VerificationContext {
  installFastDerEncoder();
  const root = TrustedRoot.fromJSON(inputs.trustedRoot);
  const verifier = new Verifier(toTrustMaterial(root, npmKeyFinder(inputs.npmKeys)));
  const tlogBaseUrls = new Map<string, string>();
  for (const tlog of root.tlogs) {
    if (tlog.logId) tlogBaseUrls.set(toBase64(tlog.logId.keyId), tlog.baseUrl);
  }
  return { verifier, npmKeys: inputs.npmKeys, keyCache: new Map(), tlogBaseUrls };
}

/**
 * The publish attestation names npm's key by id (`SHA256:…`). The key must be one
 * npm uses for attestations and valid when the entry was logged: the library passes
 * the log's integrated time to `validFor`.
 */
function npmKeyFinder(keys: RegistryKey[]): KeyFinderFunc {
  const parsed = new Map<string, ReturnType<typeof crypto.createPublicKey>>();
  return (hint: string) => {
    const key = keys.find(
      (k) => k.keyId === hint && (!k.usages || k.usages.includes('npm:attestations')),
    );
    if (!key) {
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

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
