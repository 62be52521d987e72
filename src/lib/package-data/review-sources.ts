// What the dependency review fetches and verifies with: the same caches as the timeline.
// A package's history is react-query's `packageQueryOptions` entry (loaded in the
// registry worker), an abbreviated packument for resolving a spec is cached next to it,
// and a version is verified through the verification store (the verifier pool, one
// result per registry, name, version and integrity for the session). Opening a package
// after reviewing it fetches and verifies nothing again, and the other way round.
import type { QueryClient } from '@tanstack/react-query';
import { queryOptions } from '@tanstack/react-query';
import type { PackageRecord, VersionRecord, VersionVerification } from '../../core/model';
import { RegistryError } from '../../core/net/http-errors';
import type { RegistryKey } from '../../core/registry/npm-keys';
import { fetchAbbreviatedPackument, type FetchPackument, type PackumentLike } from '../../core/review';
import { packageQueryOptions, registryKeysQueryOptions } from './package-queries';
import { VerificationLease, requestVerification } from './verification-store';

export interface ReviewSources {
  fetchPackage: (name: string, signal: AbortSignal) => Promise<PackageRecord>;
  fetchPackument: FetchPackument;
  verify: (record: VersionRecord, signal: AbortSignal) => Promise<VersionVerification>;
  /** Gives up every verification only this review waits for (call when it ends or is cancelled). */
  release: () => void;
}

/** The abbreviated packument (npm's install document): enough to resolve a spec's tree. */
export function abbreviatedPackumentQueryOptions(base: string, name: string) {
  return queryOptions<PackumentLike, RegistryError>({
    queryKey: ['abbreviated-packument', base, name],
    queryFn: ({ signal }) => fetchAbbreviatedPackument(base, name, { signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The review's sources on registry `base`, for one run (one lease on its verifications). */
export function reviewSources(client: QueryClient, base: string): ReviewSources {
  const lease = new VerificationLease();
  let keys: Promise<{ keys: RegistryKey[] }> | undefined;
  return {
    fetchPackage: (name, signal) => untilAborted(client.fetchQuery(packageQueryOptions(base, name)), signal),
    fetchPackument: (name, { signal }) => untilAborted(client.fetchQuery(abbreviatedPackumentQueryOptions(base, name)), signal),
    verify: async (record, signal) => {
      keys ??= client.ensureQueryData(registryKeysQueryOptions(base));
      const { keys: registryKeys } = await untilAborted(keys, signal);
      return untilAborted(requestVerification(base, registryKeys, record, lease), signal);
    },
    release: () => lease.release(),
  };
}

/**
 * `promise`, or an ABORTED RegistryError as soon as `signal` aborts. The shared query
 * keeps running for whoever else wants it (its result lands in the cache); only this
 * caller stops waiting.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function aborted(): RegistryError {
  return new RegistryError({ code: 'ABORTED', message: 'The review was cancelled.' });
}
