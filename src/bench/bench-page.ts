// The benchmark's way into the app's worker pipeline (e2e/bench/throughput.ts), and the
// differential test's in Chromium (e2e/specs/differential-chromium.spec.ts): the same
// verifier pool and workers as the app, fed with bundles directly. Built into their own
// build only (vite.config.ts, BENCH_PAGE=1), never into the site.
import { npmKeys } from 'virtual:sigstore-seeds';
import { parseTufRegistryKeys } from '../core/registry/npm-keys';
import type { RegistryKey } from '../core/registry/npm-keys';
import type { TrustedRootState } from '../core/trust/trust-state';
import type { VerifyBundleRequest } from '../core/verify/verify-bundle';
import { VerifierPool, defaultPoolSize, verifierPool } from '../lib/verifier-pool';

const keys = parseTufRegistryKeys(npmKeys);

interface BatchResult {
  wallMs: number;
  failures: number;
  /** The first failures' messages, so that a failed run says why. */
  failureReasons: string[];
  workers: number;
}

async function verifyWith(pool: VerifierPool, texts: string[], registryKeys: RegistryKey[]): Promise<BatchResult> {
  const workers = await pool.startWorkers();
  const start = performance.now();
  const results = await Promise.all(texts.map((bundle) => pool.verifyBundle({ bundle, npmKeys: registryKeys })));
  const wallMs = performance.now() - start;
  const failed = results.filter((result) => result.verdicts.some((verdict) => verdict.verdict !== 'verified'));
  const failureReasons = failed
    .slice(0, 3)
    .map((result) => result.verdicts.map((v) => `${v.code}: ${v.message}`).join('; '));
  return { wallMs, failures: failed.length, failureReasons, workers };
}

/** The recorded bundles, on the app's own pool (bundled public-good root). */
async function verifyBundles(bundles: unknown[]): Promise<BatchResult> {
  // Serialised before the clock starts: the app receives bundles as text too.
  return verifyWith(
    verifierPool(),
    bundles.map((bundle) => JSON.stringify(bundle)),
    keys,
  );
}

let distinctPool: VerifierPool | undefined;

/**
 * Starts a pool of verifier workers (`workers`, or as many as the app starts) that verify
 * with `trustedRoot` (handed to them as the app hands them a root from TUF), for the
 * distinct generated bundles.
 */
async function startDistinctPool(trustedRoot: unknown, workers?: number): Promise<number> {
  const state: TrustedRootState = {
    source: 'custom',
    trustedRoot,
    npmKeys: undefined,
    updated: '',
    repository: 'generated',
  };
  distinctPool = new VerifierPool({ size: workers ?? defaultPoolSize(), trust: () => Promise.resolve(state) });
  return distinctPool.startWorkers();
}

/** Verifies bundles on the pool of {@link startDistinctPool}. */
async function verifyDistinct(texts: string[], registryKeys: RegistryKey[]): Promise<BatchResult> {
  if (!distinctPool) throw new Error('startDistinctPool first');
  return verifyWith(distinctPool, texts, registryKeys);
}

/** A #/verify request as JSON can carry it: the artifact's bytes in base64. */
export type WireRequest = Omit<VerifyBundleRequest, 'artifact'> & { artifactBase64?: string };

/**
 * Each request as the #/verify page sends it to the app's pool (its bundled root unless
 * the request gives one): the verdict codes, `OK` for verified, one per bundle.
 */
async function verifyRequests(requests: WireRequest[]): Promise<string[][]> {
  const pool = verifierPool();
  return Promise.all(
    requests.map(async ({ artifactBase64, ...rest }) => {
      const request: VerifyBundleRequest = { ...rest };
      if (artifactBase64 !== undefined) {
        request.artifact = new Blob([Uint8Array.from(atob(artifactBase64), (c) => c.charCodeAt(0))]);
      }
      const result = await pool.verifyBundle(request);
      return result.verdicts.map((v) => (v.verdict === 'verified' ? 'OK' : v.code));
    }),
  );
}

Object.assign(window, {
  provenanceBench: {
    verifyBundles,
    startWorkers: () => verifierPool().startWorkers(),
    startDistinctPool,
    verifyDistinct,
    verifyRequests,
  },
});
