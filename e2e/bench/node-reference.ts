// The reference for verification throughput: @sigstore/verify as published, on Node
// with native node:crypto. Nothing of the app's (no shim, no caches, no DER encoder) is
// loaded here. One thread (this one), or as many worker_threads as the app's pool has
// workers (node-reference-worker.mjs), each verifying its share of the same bundles.
import { Worker } from 'node:worker_threads';
import { bundleFromJSON } from '@sigstore/bundle';
import { crypto } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

/** Trust for the reference: a trusted root (JSON form) and npm keys by key id (PEM or base64 SPKI). */
export interface ReferenceTrust {
  trustedRoot: unknown;
  keys: { keyId: string; key: string }[];
}

export function createReferenceVerifier(trust: ReferenceTrust): Verifier {
  const material = toTrustMaterial(TrustedRoot.fromJSON(trust.trustedRoot), (hint: string) => {
    const key = trust.keys.find((k) => k.keyId === hint);
    if (!key) throw new Error(`no npm key ${hint}`);
    const pem = key.key.includes('BEGIN')
      ? key.key
      : `-----BEGIN PUBLIC KEY-----\n${key.key}\n-----END PUBLIC KEY-----\n`;
    return { publicKey: crypto.createPublicKey(pem), validFor: () => true };
  });
  return new Verifier(material);
}

/** Wall time to verify every bundle once, in milliseconds; throws if one fails. */
export function verifyAllOnNode(verifier: Verifier, bundles: unknown[]): number {
  const start = performance.now();
  for (const json of bundles) verifier.verify(toSignedEntity(bundleFromJSON(json)));
  return performance.now() - start;
}

const WORKER_URL = new URL('./node-reference-worker.mjs', import.meta.url);

/**
 * Wall time for `threads` worker_threads to verify `bundles` between them (each its
 * share, round robin), after each verified `warmUp` (not timed). Throws if one fails.
 */
export async function verifyAllOnWorkerThreads(
  threads: number,
  trust: ReferenceTrust,
  warmUp: unknown[],
  bundles: unknown[],
): Promise<number> {
  const shares = Array.from({ length: threads }, (_, t) => bundles.filter((_, i) => i % threads === t));
  const workers = shares.map((share) => new Worker(WORKER_URL, { workerData: { trust, warmUp, share } }));
  const message = (worker: Worker): Promise<unknown> =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  try {
    await Promise.all(workers.map(message)); // each has built its verifier and warmed up
    const start = performance.now();
    const done = workers.map(message);
    for (const worker of workers) worker.postMessage('go');
    const results = (await Promise.all(done)) as { failed?: string }[];
    const wallMs = performance.now() - start;
    const failed = results.find((r) => r.failed);
    if (failed) throw new Error(`the reference failed a bundle on a worker thread: ${failed.failed}`);
    return wallMs;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
