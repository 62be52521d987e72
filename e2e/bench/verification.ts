// Figure 1 of `npm run bench`: verification cost, like for like. DISTINCT generated
// bundles (test/support/generated-keyless.ts), none seen before by the page; one
// browser worker against @sigstore/verify on Node in one thread, and the app's whole
// pool against as many Node worker_threads. Both sides warm up on other distinct
// bundles first. The recorded real bundles are verified once too, as a check.
import type { Browser } from '@playwright/test';
import { generatedInstance } from '../../test/support/generated-keyless';
import { createReferenceVerifier, verifyAllOnNode, verifyAllOnWorkerThreads, type ReferenceTrust } from './node-reference';
import { recordedBundles } from './recorded-bundles';
import { checkRecordedBundles, measureDistinctThroughput, type DistinctSet, type ThroughputRun } from './throughput';

/** Bundle pairs (provenance + publish) per set. */
const WARM_UP_PAIRS = 20;
const MEASURED_PAIRS = 200;

export interface VerificationFigures {
  /** Distinct bundles timed per run (half keyless provenance, half key-signed publish). */
  distinctBundles: number;
  warmUpBundles: number;
  /** Recorded real bundles verified once (all must pass). */
  recordedChecked: number;
  oneWorker: { browserMsPerBundle: number; nodeMsPerBundle: number; ratio: number };
  pool: { workers: number; browserMsPerBundle: number; nodeMsPerBundle: number; ratio: number };
  userAgent: string;
  raw: { node1Ms: number[]; browser1: ThroughputRun[]; nodePoolMs: number[]; browserPool: ThroughputRun[] };
}

function distinctSet(): DistinctSet & { trust: ReferenceTrust } {
  const instance = generatedInstance();
  const pairs = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => [instance.provenanceBundle(from + i), instance.publishBundle(from + i)]).flat();
  return {
    trustedRoot: instance.trustedRoot,
    npmKeys: [instance.npmKey],
    warmUp: pairs(0, WARM_UP_PAIRS),
    measured: pairs(WARM_UP_PAIRS, MEASURED_PAIRS),
    trust: { trustedRoot: instance.trustedRoot, keys: [{ keyId: instance.npmKey.keyId, key: instance.npmKeyPem }] },
  };
}

export async function measureVerification(
  browser: Browser,
  appUrl: string,
  runs: number,
  median: (values: number[]) => number,
): Promise<VerificationFigures> {
  const set = distinctSet();
  const count = set.measured.length;
  const recordedChecked = await checkRecordedBundles(browser, appUrl, recordedBundles().map((b) => b.bundle));
  const reference = createReferenceVerifier(set.trust);
  verifyAllOnNode(reference, set.warmUp);
  const raw: VerificationFigures['raw'] = { node1Ms: [], browser1: [], nodePoolMs: [], browserPool: [] };
  for (let run = 0; run < runs; run++) {
    raw.node1Ms.push(verifyAllOnNode(reference, set.measured));
    raw.browser1.push(await measureDistinctThroughput(browser, appUrl, set, 1));
    const pool = await measureDistinctThroughput(browser, appUrl, set);
    raw.browserPool.push(pool);
    raw.nodePoolMs.push(await verifyAllOnWorkerThreads(pool.workers, set.trust, set.warmUp, set.measured));
  }
  const perBundle = (values: number[]) => median(values) / count;
  const node1 = perBundle(raw.node1Ms);
  const browser1 = perBundle(raw.browser1.map((r) => r.wallMs));
  const nodePool = perBundle(raw.nodePoolMs);
  const browserPool = perBundle(raw.browserPool.map((r) => r.wallMs));
  return {
    distinctBundles: count,
    warmUpBundles: set.warmUp.length,
    recordedChecked,
    oneWorker: { browserMsPerBundle: browser1, nodeMsPerBundle: node1, ratio: browser1 / node1 },
    pool: { workers: raw.browserPool[0]?.workers ?? 0, browserMsPerBundle: browserPool, nodeMsPerBundle: nodePool, ratio: browserPool / nodePool },
    userAgent: raw.browser1[0]?.userAgent ?? 'unknown',
    raw,
  };
}
