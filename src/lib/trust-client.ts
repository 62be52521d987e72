// The main thread's view of the trusted root in use: asked once per visit (and per
// TUF setting) of the trust worker, shared by the verifier pool, the screens and the
// exports. Never rejects and never waits much longer than the TUF budget: if the
// worker cannot even start, the verifiers keep the root bundled with them.
import { wrap } from 'comlink';
import { trustedRootUpdated } from 'virtual:sigstore-seeds';
import { DEFAULT_TUF_BUDGET_MS, type TrustedRootState } from '../core/trust/trust-state';
import type { TrustService } from '../workers/trust.worker';
import { readTrustSettings } from './trust-settings';
import { workerFailure } from './worker-rpc';

/** Extra time, once the worker has loaded (both its parts), before the main thread stops waiting for it. */
const WORKER_GRACE_MS = 2000;
/**
 * The longest the main thread waits for the worker to load at all. Loading is CPU work
 * (a busy machine can take seconds), not the TUF repository's answer: the repository's
 * own bound starts inside the worker, and this one is a last resort.
 */
const WORKER_LOAD_LIMIT_MS = 20_000;

let current: { key: string; promise: Promise<TrustedRootState> } | undefined;

export function trustedRootState(): Promise<TrustedRootState> {
  const view = readTrustSettings();
  const key = JSON.stringify(view.settings);
  if (current?.key === key) return current.promise;
  const promise = resolveInWorker(view.settings);
  current = { key, promise };
  return promise;
}

/** The settings changed (saved in this tab): the next call follows the new repository. */
export function forgetTrustedRootState(): void {
  current = undefined;
}

async function resolveInWorker(settings: ReturnType<typeof readTrustSettings>['settings']): Promise<TrustedRootState> {
  const bundled = (reason: string): TrustedRootState => ({
    source: 'bundled',
    // The verifier workers use their own bundled copy when this is undefined.
    trustedRoot: undefined,
    npmKeys: undefined,
    updated: trustedRootUpdated,
    repository: settings.mirrorUrl,
    reason,
    reasonCode: 'unreachable',
  });
  let worker: Worker;
  try {
    worker = new Worker(new URL('../workers/trust.worker.ts', import.meta.url), { type: 'module', name: 'trust' });
  } catch (error) {
    return bundled(`the TUF client could not start: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const failed = workerFailure(worker, 'TUF client');
  const remote = wrap<TrustService>(worker);
  const timers: ReturnType<typeof setTimeout>[] = [];
  const after = (ms: number, reason: string) =>
    new Promise<TrustedRootState>((resolve) => timers.push(setTimeout(() => resolve(bundled(reason)), ms)));
  // Asked at once: the worker's first part sends the repository's first requests, and
  // answers alone when the kept metadata decides; else its second part (tuf-js) loads,
  // and `ready` answers once it is there: this side's bound starts then.
  const resolving = remote.resolve(settings);
  const answer = Promise.race([
    resolving,
    remote
      .ready()
      .then(() =>
        after((settings.budgetMs ?? DEFAULT_TUF_BUDGET_MS) + WORKER_GRACE_MS, 'the TUF client did not answer in time.'),
      ),
  ]);
  try {
    return await Promise.race([
      answer,
      failed.catch((error: unknown) => bundled(error instanceof Error ? error.message : String(error))),
      after(WORKER_LOAD_LIMIT_MS, 'the TUF client did not start in time.'),
    ]);
  } finally {
    for (const timer of timers) clearTimeout(timer);
    worker.terminate();
  }
}
