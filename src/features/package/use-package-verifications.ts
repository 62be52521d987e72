// Starts the verification of every version of a package and follows the results as
// they stream in from the worker pool. The react-query cache is the store (one query
// per version, cached forever); this hook only schedules them and reads them back,
// coalescing updates so that thousands of results cause a few renders, not thousands.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { PackageRecord, VersionVerification } from '../../core/model';
import { verificationKeyPrefix, verificationQueryOptions } from './package-queries';

export interface VerificationProgress {
  byVersion: ReadonlyMap<string, VersionVerification>;
  /** Versions whose verification could not run at all (worker failure), with why. */
  errors: ReadonlyMap<string, string>;
  done: number;
  total: number;
}

const UPDATE_INTERVAL_MS = 150;
const EMPTY: VerificationProgress = { byVersion: new Map(), errors: new Map(), done: 0, total: 0 };

export function usePackageVerifications(base: string, pkg: PackageRecord | undefined): VerificationProgress {
  const client = useQueryClient();

  useEffect(() => {
    if (!pkg) return;
    // Newest first: the order of the timeline, so the rows on screen settle first.
    for (const record of pkg.versions) {
      void client.prefetchQuery(verificationQueryOptions(base, record));
    }
    return () => {
      void client.cancelQueries({ queryKey: verificationKeyPrefix(base, pkg.name) });
    };
  }, [client, base, pkg]);

  const store = useMemo(() => createSnapshotStore(client, base, pkg), [client, base, pkg]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

function createSnapshotStore(client: QueryClient, base: string, pkg: PackageRecord | undefined) {
  let snapshot = pkg ? readSnapshot(client, base, pkg) : EMPTY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    getSnapshot: () => snapshot,
    subscribe(onChange: () => void) {
      if (!pkg) return () => undefined;
      const prefix = JSON.stringify(verificationKeyPrefix(base, pkg.name)).slice(0, -1);
      const unsubscribe = client.getQueryCache().subscribe((event) => {
        if (event.type !== 'updated' || !event.query.queryHash.startsWith(prefix)) return;
        timer ??= setTimeout(() => {
          timer = undefined;
          snapshot = readSnapshot(client, base, pkg);
          onChange();
        }, UPDATE_INTERVAL_MS);
      });
      // Results that arrived between the first read and this subscription.
      snapshot = readSnapshot(client, base, pkg);
      onChange();
      return () => {
        unsubscribe();
        if (timer) clearTimeout(timer);
        timer = undefined;
      };
    },
  };
}

function readSnapshot(client: QueryClient, base: string, pkg: PackageRecord): VerificationProgress {
  const byVersion = new Map<string, VersionVerification>();
  const errors = new Map<string, string>();
  for (const record of pkg.versions) {
    const state = client.getQueryState(verificationQueryOptions(base, record).queryKey);
    if (state?.data) byVersion.set(record.version, state.data);
    else if (state?.status === 'error' && state.error) errors.set(record.version, state.error.message);
  }
  return { byVersion, errors, done: byVersion.size + errors.size, total: pkg.versions.length };
}

