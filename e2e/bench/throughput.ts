// Verification throughput in the app's worker pipeline: the benchmark page of the
// production build (bench.html, built only for the benchmark) hands bundles to the
// same verifier pool and workers the app uses.
//
// Timed only on DISTINCT bundles (generated-keyless.ts: each its own leaf certificate,
// signatures, SCT, log entry and proof), so no cache can answer a repeat; the
// workers are warmed up on other distinct bundles first, as the reference is. A run in
// which any bundle fails is an error, not a figure.
import type { Browser } from '@playwright/test';
import type { RegistryKey } from '../../src/core/registry/npm-keys';
import { ESBUILD_HELPERS } from './browser-measurements';

interface BatchResult {
  wallMs: number;
  failures: number;
  failureReasons: string[];
  workers: number;
}

interface BenchApi {
  verifyBundles(bundles: unknown[]): Promise<BatchResult>;
  startDistinctPool(trustedRoot: unknown, workers?: number): Promise<number>;
  verifyDistinct(texts: string[], keys: RegistryKey[]): Promise<BatchResult>;
}

export interface DistinctSet {
  trustedRoot: unknown;
  npmKeys: RegistryKey[];
  /** Verified first, not timed (JIT, the CA chain's signatures: what any session has warm). */
  warmUp: unknown[];
  /** Timed; none of them seen before by the page. */
  measured: unknown[];
}

export interface ThroughputRun {
  wallMs: number;
  workers: number;
  userAgent: string;
}

function failed(what: string, result: BatchResult): Error {
  return new Error(`${what}: ${result.failures} bundle(s) did not verify in the browser, e.g. ${result.failureReasons.join(' | ')}`);
}

/** One fresh page: a pool of `workers` (default: the app's own size) verifies the set. */
export async function measureDistinctThroughput(browser: Browser, appUrl: string, set: DistinctSet, workers?: number): Promise<ThroughputRun> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(ESBUILD_HELPERS);
  try {
    await page.goto(`${appUrl}/bench.html`);
    await page.waitForFunction(() => 'provenanceBench' in window);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    // (Functions handed to page.evaluate run in the page: they cannot share a helper.)
    await page.evaluate(
      ({ root, size }) => (window as unknown as { provenanceBench: BenchApi }).provenanceBench.startDistinctPool(root, size),
      { root: set.trustedRoot, size: workers },
    );
    // Serialised before the clock starts: the app receives bundles as text too.
    const texts = (bundles: unknown[]) => bundles.map((b) => JSON.stringify(b));
    const verify = (t: string[]) =>
      page.evaluate(
        ({ t, k }) => (window as unknown as { provenanceBench: BenchApi }).provenanceBench.verifyDistinct(t, k),
        { t, k: set.npmKeys },
      );
    const warm = await verify(texts(set.warmUp));
    if (warm.failures) throw failed('warm-up', warm);
    const run = await verify(texts(set.measured));
    if (run.failures) throw failed('measured set', run);
    return { wallMs: run.wallMs, workers: run.workers, userAgent };
  } finally {
    await context.close();
  }
}

/** The recorded real bundles, each once on the app's pool with its bundled root: every one must verify. */
export async function checkRecordedBundles(browser: Browser, appUrl: string, bundles: unknown[]): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(ESBUILD_HELPERS);
  try {
    await page.goto(`${appUrl}/bench.html`);
    await page.waitForFunction(() => 'provenanceBench' in window);
    const result = await page.evaluate(
      (b) => (window as unknown as { provenanceBench: BenchApi }).provenanceBench.verifyBundles(b),
      bundles,
    );
    if (result.failures) throw failed('recorded bundles', result);
    return bundles.length;
  } finally {
    await context.close();
  }
}
