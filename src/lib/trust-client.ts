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

/** Extra time for the worker to load before the main thread gives up on it. */
const WORKER_START_GRACE_MS = 2000;

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
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<TrustedRootState>((resolve) => {
    timer = setTimeout(
      () => resolve(bundled('the TUF client did not answer in time.')),
      DEFAULT_TUF_BUDGET_MS + WORKER_START_GRACE_MS,
    );
  });
  try {
    return await Promise.race([
      wrap<TrustService>(worker).resolve(settings),
      failed.catch((error: unknown) => bundled(error instanceof Error ? error.message : String(error))),
      late,
    ]);
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}
