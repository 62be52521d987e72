// The trust material of a Sigstore trusted root, built once per root: parsing its CA
// certificates and log keys costs more than verifying a bundle, so it must not happen
// per version or per bundle. The one builder for the timeline (verification-context.ts)
// and the #/verify page (verify-bundle.ts); each adds its own key finder.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toTrustMaterial, type KeyFinderFunc, type TrustMaterial } from '@sigstore/verify';
import { bytesToBase64, bytesToHex } from '../util/encoding';
import { installFastDerEncoder } from './fast-der-encoder';
import { checkTrustedRootValidity } from './trusted-root-validity';

/** @sigstore/verify's code for a key hint no key answers to (see bundle-check's mapping). */
export class KeyNotFoundError extends Error {
  readonly code = 'KEY_NOT_FOUND';
}

export interface TrustRoot {
  /** sha256 of the root's JSON (as parsed and re-serialised), hex. */
  fingerprint: string;
  root: TrustedRoot;
  /** The root's trust material, with no key: {@link verifierFor} adds a key finder. */
  material: TrustMaterial;
  /** Rekor logs of the root by log id (base64), for links to entries. */
  tlogBaseUrls: Map<string, string>;
}

/** Built roots by fingerprint, the last few used. */
export interface TrustRootCache {
  roots: Map<string, TrustRoot>;
}

const MAX_CACHED_ROOTS = 4;

export function createTrustRootCache(): TrustRootCache {
  return { roots: new Map() };
}

const noKey: KeyFinderFunc = () => {
  throw new KeyNotFoundError('No key was given.');
};

/**
 * The trust material of a trusted root (its JSON form), from `cache` when it was built
 * before. Throws what @sigstore's readers throw for a root they cannot read.
 */
export function loadTrustRoot(json: unknown, cache?: TrustRootCache): TrustRoot {
  installFastDerEncoder();
  const fingerprint = bytesToHex(sha256(utf8ToBytes(JSON.stringify(json) ?? '')));
  const cached = cache?.roots.get(fingerprint);
  if (cached) {
    // Map order is the eviction order: a hit moves to the end.
    cache?.roots.delete(fingerprint);
    cache?.roots.set(fingerprint, cached);
    return cached;
  }
  checkTrustedRootValidity(json);
  const root = TrustedRoot.fromJSON(json);
  const material = toTrustMaterial(root, noKey);
  const tlogBaseUrls = new Map<string, string>();
  for (const tlog of material.tlogs) tlogBaseUrls.set(bytesToBase64(tlog.logID), tlog.baseURL);
  const value: TrustRoot = { fingerprint, root, material, tlogBaseUrls };
  if (cache) {
    if (cache.roots.size >= MAX_CACHED_ROOTS) {
      const oldest = cache.roots.keys().next().value;
      if (oldest !== undefined) cache.roots.delete(oldest);
    }
    cache.roots.set(fingerprint, value);
  }
  return value;
}

/** A verifier of bundles against `trust`, whose key-signed bundles name keys `keys` finds. */
export function verifierFor(trust: TrustRoot, keys: KeyFinderFunc): Verifier {
  return new Verifier({ ...trust.material, publicKey: keys });
}
