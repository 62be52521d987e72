// One worker_thread of the Node reference (node-reference.ts): builds its verifier,
// verifies the warm-up bundles, says it is ready, then verifies its share on 'go'.
// Plain JavaScript: Node 20 does not carry tsx's loader into worker threads. The
// verifier is built as createReferenceVerifier() builds it, from @sigstore as published.
import { parentPort, workerData } from 'node:worker_threads';
import { bundleFromJSON } from '@sigstore/bundle';
import { crypto } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const { trust, warmUp, share } = workerData;
const material = toTrustMaterial(TrustedRoot.fromJSON(trust.trustedRoot), (hint) => {
  const key = trust.keys.find((k) => k.keyId === hint);
  if (!key) throw new Error(`no npm key ${hint}`);
  return { publicKey: crypto.createPublicKey(key.key), validFor: () => true };
});
const verifier = new Verifier(material);
const verifyAll = (bundles) => {
  for (const json of bundles) verifier.verify(toSignedEntity(bundleFromJSON(json)));
};

verifyAll(warmUp);
parentPort.postMessage('ready');
parentPort.once('message', () => {
  try {
    verifyAll(share);
    parentPort.postMessage({});
  } catch (error) {
    parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
});
