// The benchmark's way into the app's worker pipeline (e2e/bench/throughput.ts): the
// same verifier pool and workers as the app, fed with bundles directly. Built into the
// benchmark's build only (vite.config.ts, BENCH_PAGE=1), never into the site.
import { npmKeys } from 'virtual:sigstore-seeds';
import { parseTufRegistryKeys } from '../core/registry/npm-keys';
import { verifierPool } from '../lib/verifier-pool';

const keys = parseTufRegistryKeys(npmKeys);

async function verifyBundles(bundles: unknown[]): Promise<{ wallMs: number; failures: number; workers: number }> {
  const pool = verifierPool();
  const workers = await pool.startWorkers();
  // Serialised before the clock starts: the app receives bundles as text too.
  const texts = bundles.map((bundle) => JSON.stringify(bundle));
  const start = performance.now();
  const results = await Promise.all(texts.map((bundle) => pool.verifyBundle({ bundle, npmKeys: keys })));
  const wallMs = performance.now() - start;
  const failures = results.filter((result) => result.verdicts.some((verdict) => verdict.verdict !== 'verified')).length;
  return { wallMs, failures, workers };
}

Object.assign(window, {
  provenanceBench: { verifyBundles, startWorkers: () => verifierPool().startWorkers() },
});
