// The reference for verification throughput: @sigstore/verify as published, on Node
// with native node:crypto, verifying the same bundles in one thread. Nothing of the
// app's (no shim, no caches, no DER encoder) is loaded here.
import { bundleFromJSON } from '@sigstore/bundle';
import { crypto } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { npmKeysJson, trustedRootJson } from './recorded-bundles';

export function createReferenceVerifier(): Verifier {
  const keys = npmKeysJson().keys;
  const material = toTrustMaterial(TrustedRoot.fromJSON(trustedRootJson()), (hint: string) => {
    const key = keys.find((k) => k.keyid === hint);
    if (!key) throw new Error(`no npm key ${hint}`);
    return { publicKey: crypto.createPublicKey(key.key), validFor: () => true };
  });
  return new Verifier(material);
}

/** Wall time to verify every bundle once, in milliseconds; throws if one fails. */
export function verifyAllOnNode(verifier: Verifier, bundles: unknown[]): number {
  const start = performance.now();
  for (const json of bundles) verifier.verify(toSignedEntity(bundleFromJSON(json)));
  return performance.now() - start;
}
