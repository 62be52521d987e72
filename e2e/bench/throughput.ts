// Verification throughput in the app's worker pipeline: the benchmark page of the
// production build (bench.html, built only for the benchmark) hands bundles to the
// same verifier pool the app uses, one worker per core.
import type { Browser } from '@playwright/test';
import { ESBUILD_HELPERS } from './browser-measurements';

export interface ThroughputRun {
  /** Wall time for the whole repeated set, workers already started and warm. */
  wallMs: number;
  /** The distinct bundles' first pass in a fresh page (started workers, cold caches), per bundle. */
  coldMsPerBundle: number;
  workers: number;
  failures: number;
  userAgent: string;
}

interface BenchApi {
  verifyBundles(bundles: unknown[]): Promise<{ wallMs: number; failures: number; workers: number }>;
  startWorkers(): Promise<number>;
}

export async function measureBrowserThroughput(browser: Browser, appUrl: string, set: unknown[], distinct: number): Promise<ThroughputRun> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(ESBUILD_HELPERS);
  try {
    await page.goto(`${appUrl}/bench.html`);
    await page.waitForFunction(() => 'provenanceBench' in window);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    await page.evaluate(() => (window as unknown as { provenanceBench: BenchApi }).provenanceBench.startWorkers());
    const cold = await page.evaluate(
      (bundles) => (window as unknown as { provenanceBench: BenchApi }).provenanceBench.verifyBundles(bundles),
      set.slice(0, distinct),
    );
    const warm = await page.evaluate(
      (bundles) => (window as unknown as { provenanceBench: BenchApi }).provenanceBench.verifyBundles(bundles),
      set,
    );
    return {
      wallMs: warm.wallMs,
      coldMsPerBundle: cold.wallMs / distinct,
      workers: warm.workers,
      failures: cold.failures + warm.failures,
      userAgent,
    };
  } finally {
    await context.close();
  }
}
