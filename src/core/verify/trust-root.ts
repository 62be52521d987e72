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

/**
 * A trusted root the Sigstore trusted-root spec calls malformed (see
 * {@link checkTrustedRootValidity}). Refused before it reaches @sigstore/verify, which
 * would read a missing `validFor.start` as "valid since the beginning of time".
 */
export class TrustedRootInvalidError extends Error {
  readonly code = 'TRUSTED_ROOT_INVALID';
  override name = 'TrustedRootInvalidError';
}

/**
 * Every transparency log, CT log, certificate authority and timestamp authority of a
 * trusted root must say since when it is trusted: in the trusted-root format
 * (dev.sigstore.trustroot.v1, `TimeRange` in sigstore_common.proto) only `end` is
 * optional, and sigstore-conformance refuses a root without a start. @sigstore/verify 4.1.3 accepts an entry without one and treats it as
 * valid from the epoch, which would let a key vouch for entries logged before it existed
 * (sigstore-conformance: `trust-root-tlog-missing-validity-start_fail`). Throws a
 * {@link TrustedRootInvalidError} naming the first entry without a start.
 */
export function checkTrustedRootValidity(json: unknown): void {
  const root = asRecord(json);
  if (!root) return; // not an object: TrustedRoot.fromJSON says what is wrong with it
  const lists: [string, string][] = [
    ['tlogs', 'publicKey.validFor.start'],
    ['ctlogs', 'publicKey.validFor.start'],
    ['certificateAuthorities', 'validFor.start'],
    ['timestampAuthorities', 'validFor.start'],
  ];
  for (const [list, path] of lists) {
    const entries = root[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, i) => {
      let value: unknown = entry;
      for (const part of path.split('.')) value = asRecord(value)?.[part];
      if (typeof value !== 'string' || value.trim() === '') {
        const name = describeEntry(list, entry);
        throw new TrustedRootInvalidError(
          `${list}[${i}]${name} has no ${path}: the trusted-root spec requires when each ${ENTRY_KIND[list] ?? 'entry'} became trusted, and a root without it is refused`,
        );
      }
    });
  }
}

const ENTRY_KIND: Record<string, string> = {
  tlogs: 'transparency log key',
  ctlogs: 'certificate transparency log key',
  certificateAuthorities: 'certificate authority',
  timestampAuthorities: 'timestamp authority',
};

function describeEntry(list: string, entry: unknown): string {
  const record = asRecord(entry);
  const url = list.endsWith('logs') ? record?.baseUrl : record?.uri;
  return typeof url === 'string' && url ? ` (${url})` : '';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
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
