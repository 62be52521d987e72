// What the dependency review fetches and verifies with: the same caches as the timeline.
// The review runs in its own worker (workers/review.worker.ts), which asks the main
// thread for each package, packument and verification; this module answers it, and
// only forwards: bytes from the registry worker (never decoded here), one version record
// to the verification store and its result back.
// - A package's history: the package query's record when a screen has loaded it, else
//   the registry worker's encoded bytes, which the package query adopts later
//   (registry-client.ts `loadPackageBytes`): fetched once per session either way.
// - An abbreviated packument for resolving a spec: the registry worker's compact bytes,
//   cached in its own query for the session.
// - A version's verification: the verification store (verdicts of earlier visits, then
//   the verifier pool), one result per registry, name, version and integrity.
import type { QueryClient } from '@tanstack/react-query';
import { queryOptions } from '@tanstack/react-query';
import { transfer } from 'comlink';
import type { VersionRecord, VersionVerification } from '../../core/model';
import { RegistryError, toRegistryError } from '../../core/net/http-errors';
import type { RegistryKey } from '../../core/registry/npm-keys';
import type { Outcome } from '../../core/services/job-outcome';
import { encodePackage } from '../../core/services/package-encoding';
import type { ReviewHost } from '../../workers/review.worker';
import { loadAbbreviatedPackument, loadPackageBytes } from '../registry-client';
import { verifierPool } from '../verifier-pool';
import { untilAborted } from '../worker-rpc';
import { TaskSlices } from './review-slices';
import { packageQueryOptions, registryKeysQueryOptions } from './package-queries';
import { VerificationLease, prepareVerificationStore, requestVerification } from './verification-store';

export type ReviewSources = Pick<ReviewHost, 'fetchPackage' | 'fetchPackument' | 'verify'> & {
  /** Gives up every verification only this review waits for (call when it ends or is cancelled). */
  release: () => void;
};

/** Main-thread time the verification starts of one task may take before the rest wait for the next. */
const START_BUDGET_MS = 8;

/** The abbreviated packument (npm's install document, cut to what the resolver reads), as UTF-8 JSON. */
export function abbreviatedPackumentQueryOptions(base: string, name: string) {
  return queryOptions<Uint8Array, RegistryError>({
    queryKey: ['abbreviated-packument', base, name],
    queryFn: ({ signal }) => loadAbbreviatedPackument(base, name, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * The review's sources on registry `base`, for one run (one lease on its verifications).
 * `signal` is the run's: aborting it answers every pending call with ABORTED.
 */
export function reviewSources(client: QueryClient, base: string, signal: AbortSignal): ReviewSources {
  const lease = new VerificationLease();
  let keys: Promise<{ keys: RegistryKey[] }> | undefined;
  const registryKeys = () => (keys ??= client.ensureQueryData(registryKeysQueryOptions(base)));
  // What the first verification needs, started now, each in a task of its own while the
  // worker reads the lockfile: npm's keys, the stored verdicts' database, the verifier
  // pool's first worker. Started by the first request instead, they made one long task.
  const warmUp = [
    () => void registryKeys().catch(() => undefined),
    () => prepareVerificationStore(),
    () => verifierPool().prewarm(),
  ];
  const nextWarmUp = () => {
    if (signal.aborted) return;
    warmUp.shift()?.();
    if (warmUp.length) setTimeout(nextWarmUp, 0);
  };
  setTimeout(nextWarmUp, 0);
  const starts = new TaskSlices(START_BUDGET_MS);
  return {
    fetchPackage: (name) =>
      answer(signal, async () => {
        const options = packageQueryOptions(base, name);
        const state = client.getQueryState(options.queryKey);
        // A screen has the record (or is loading it): encoded from the cache.
        if (state?.data !== undefined || state?.fetchStatus === 'fetching') {
          return encodePackage(await untilAborted(client.fetchQuery(options), signal, aborted));
        }
        return loadPackageBytes(base, name, signal);
      }),
    fetchPackument: (name) =>
      answer(signal, async () => (await untilAborted(client.fetchQuery(abbreviatedPackumentQueryOptions(base, name)), signal, aborted)).slice()),
    verify: (record: VersionRecord) =>
      answer<VersionVerification>(signal, async () => {
        const { keys: found } = await untilAborted(registryKeys(), signal, aborted);
        // Requests come in bursts (a package's versions; every one waiting for the keys):
        // each starts a job in the store, so they start a few milliseconds' worth a task.
        return untilAborted(
          starts.run(() => (signal.aborted ? Promise.reject(aborted()) : requestVerification(base, found, record, lease))),
          signal,
          aborted,
        );
      }),
    release: () => lease.release(),
  };
}

/** Runs `work` and answers as an Outcome (typed errors cross the worker boundary as data); bytes are transferred. */
async function answer<T>(signal: AbortSignal, work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    if (signal.aborted) throw aborted();
    const value = await work();
    const outcome: Outcome<T> = { ok: true, value };
    return value instanceof Uint8Array ? transfer(outcome, [value.buffer as ArrayBuffer]) : outcome;
  } catch (error) {
    return { ok: false, error: signal.aborted ? aborted().toData() : toRegistryError(error).toData() };
  }
}

function aborted(): RegistryError {
  return new RegistryError({ code: 'ABORTED', message: 'The review was cancelled.' });
}
