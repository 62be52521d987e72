// Starts the verification of every version of a package and follows the results as
// they stream in from the worker pool (through the verification store, which caches
// them for the session).
//
// Built for thousands of versions without blocking the page: jobs are started in small
// batches after the first paint, results are collected from the store's events as they
// arrive (no rescans), and the screen is updated at an interval that grows with the
// package, so that the analysis re-runs a few times a second at most.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { PackageRecord, VersionVerification } from '../../core/model';
import { RegistryError } from '../../core/net/http-errors';
import { normalizeRegistryUrl } from '../../core/registry/registry-url';
import { yieldToPage } from '../next-task';
import { runInSlices } from '../slices';
import { packagePreview, subscribePreviews } from '../registry-client';
import { useStoreInTransition } from '../use-store-in-transition';
import { verifierPool } from '../verifier-pool';
import { registryKeysQueryOptions } from './package-queries';
import {
  VerificationLease,
  adoptStoredVerdicts,
  cachedVerification,
  hasCachedVerifications,
  hasStoredVerdicts,
  prepareVerificationStore,
  requestVerification,
  subscribeVerifications,
} from './verification-store';

export interface VerificationProgress {
  byVersion: ReadonlyMap<string, VersionVerification>;
  /** Versions whose verification could not run at all (a worker failure), with why. */
  errors: ReadonlyMap<string, string>;
  done: number;
  total: number;
  /**
   * False until the verdicts kept from an earlier visit are read back and in `byVersion`
   * (or the package has none): what the page may wait for before work that can come
   * later (its first analysis, its charts), so that a revisit's verdicts come first.
   */
  storedVerdictsRead: boolean;
}

/** Jobs are started for this long per task, then the page gets its turn: far below 50 ms. */
const START_SLICE_MS = 8;
const EMPTY: VerificationProgress = {
  byVersion: new Map(),
  errors: new Map(),
  done: 0,
  total: 0,
  storedVerdictsRead: false,
};

function isUsableRegistry(base: string): boolean {
  try {
    normalizeRegistryUrl(base);
    return true;
  } catch {
    return false;
  }
}

/** npm's keys, and with them the trusted root (the TUF client's worker): see `usePackageVerifications`. */
function prefetchRegistryKeys(client: QueryClient, base: string): void {
  client.prefetchQuery(registryKeysQueryOptions(base)).catch(() => undefined);
}

export function usePackageVerifications(
  base: string,
  name: string,
  pkg: PackageRecord | undefined,
): VerificationProgress {
  const client = useQueryClient();
  const store = useMemo(() => createProgressStore(base, pkg), [base, pkg]);

  // Rows of the package are rendered: its preview's (in the transition that renders
  // them: lib/package-data/use-package.ts), or its record's.
  const previewShown = useStoreInTransition(
    subscribePreviews,
    useCallback(() => packagePreview(base, name) !== undefined, [base, name]),
  );
  const shown = pkg !== undefined || previewShown;

  // What every verification and every stored verdict's key needs: the trusted root and
  // npm's keys; and the stored verdicts' database with the package's verdicts in it. A
  // package's timeline starts them here, not at navigation (app/preload-route.ts says
  // why); the other screens at navigation too. The verdicts are read as soon as the screen
  // has rendered (a read of the database, little work for the page). The trust material
  // (the TUF client's worker: its code compiled and evaluated, the repository's metadata
  // checked): on a revisit as soon as the database says the package has verdicts kept
  // (they wait for it), otherwise once the first rows are rendered. Started with the
  // screen, it took a core from the packument's reading while the first rows waited for
  // it (first row from navigation, alternated loads on a slower machine, medians of 8:
  // derived 10.6 MB 633 → 593 ms, derived 3.3 MB 532 → 479 ms; a revisit's first row →
  // every verdict 420 → 428 ms, within the spread).
  useEffect(() => {
    // An unusable registry address loads nothing at all (the screen says why), not even
    // the trust material: nothing may leave the page for it.
    if (!isUsableRegistry(base)) return;
    prepareVerificationStore();
    let live = true;
    // The package's verdicts read in a task of their own: the read every lookup of them
    // then uses (verdict-lookup.ts), and whether this is a revisit.
    const timer = setTimeout(() => {
      void hasStoredVerdicts(base, name).then((stored) => {
        if (live && stored) prefetchRegistryKeys(client, base);
      });
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, base, name]);

  useEffect(() => {
    if (shown && isUsableRegistry(base)) prefetchRegistryKeys(client, base);
  }, [client, base, shown]);

  useEffect(() => {
    if (!pkg) return;
    const lease = new VerificationLease();
    const start = async () => {
      // The first verifier worker, started in an idle moment once the rows are there:
      // started by the first job, it added 25–50 ms to the task that starts the jobs;
      // started while the packument loaded, compiling its script (90 ms on a worker
      // thread) took a core from React's start and the first layout. On a revisit, only
      // once the kept verdicts are read back, and only if versions are left to verify:
      // started meanwhile, it took a core from the TUF client and the verdicts (a
      // revisit's first row → every verdict: 321 → 302 ms, medians of 6 alternated runs).
      const revisit = await hasStoredVerdicts(base, pkg.name);
      if (!revisit) {
        store.storedVerdictsRead();
        verifierPool().prewarm();
      }
      // After the first rows are painted, not in the same task.
      await yieldToPage();
      const { keys } = await client.ensureQueryData(registryKeysQueryOptions(base));
      // Verdicts kept from an earlier visit, all at once (in one batch, not job by job).
      await adoptStoredVerdicts(base, keys, pkg.versions);
      if (revisit) {
        store.storedVerdictsRead();
        if (pkg.versions.some((record) => !cachedVerification(base, record))) verifierPool().prewarm();
      }
      // The jobs in tasks of their own: the adoption's last step (its verdicts reaching the
      // store) may have been a long stretch of this one.
      await yieldToPage();
      // Newest first: the order of the timeline, so the rows on screen settle first.
      const { versions } = pkg;
      function* requests() {
        for (const record of versions) {
          if (lease.isReleased) return;
          requestVerification(base, keys, record, lease).catch((error: unknown) => {
            if (!(error instanceof RegistryError && error.code === 'ABORTED')) store.fail(record.version, error);
          });
          yield;
        }
      }
      await runInSlices(requests(), START_SLICE_MS);
    };
    start().catch((error: unknown) => store.failAll(error));
    return () => lease.release();
  }, [client, base, pkg, store]);

  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Milliseconds between screen updates: 150 ms for small packages, up to 1 s for huge ones. */
function updateInterval(versionCount: number): number {
  return Math.min(1000, Math.max(150, Math.round(versionCount / 4)));
}

/** Exported for its tests. */
export function createProgressStore(base: string, pkg: PackageRecord | undefined) {
  const results = new Map<string, VersionVerification>();
  const errors = new Map<string, string>();
  const known = new Set(pkg?.versions.map((record) => record.version));
  const interval = updateInterval(known.size);
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastUpdate = -Infinity;
  let storedRead = false;

  // Results cached earlier in this session (a package seen before).
  for (const record of pkg && hasCachedVerifications(base, pkg.name) ? pkg.versions : []) {
    const cached = cachedVerification(base, record);
    if (cached) results.set(record.version, cached);
  }
  const freeze = (): VerificationProgress =>
    pkg
      ? {
          byVersion: new Map(results),
          errors: new Map(errors),
          done: results.size + errors.size,
          total: known.size,
          storedVerdictsRead: storedRead,
        }
      : EMPTY;
  let snapshot = freeze();

  // At most one update per interval, the first one at once (verdicts read back from the
  // cache of an earlier visit all arrive together: they show without waiting an interval).
  const schedule = () => {
    timer ??= setTimeout(
      () => {
        timer = undefined;
        lastUpdate = performance.now();
        snapshot = freeze();
        for (const listener of listeners) listener();
      },
      Math.max(0, lastUpdate + interval - performance.now()),
    );
  };

  let unsubscribeStore: (() => void) | undefined;
  return {
    getSnapshot: () => snapshot,
    subscribe(onChange: () => void) {
      listeners.add(onChange);
      unsubscribeStore ??= subscribeVerifications((event) => {
        if (event.base !== base || event.name !== pkg?.name || !known.has(event.version)) return;
        if (event.result) {
          results.set(event.version, event.result);
          errors.delete(event.version);
        } else if (event.error) {
          errors.set(event.version, event.error.message);
        }
        schedule();
      });
      // Results that arrived before this subscription.
      snapshot = freeze();
      onChange();
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0) {
          unsubscribeStore?.();
          unsubscribeStore = undefined;
          if (timer) clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    fail(version: string, error: unknown) {
      errors.set(version, error instanceof Error ? error.message : String(error));
      schedule();
    },
    failAll(error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      for (const version of known) if (!results.has(version)) errors.set(version, message);
      storedRead = true;
      schedule();
    },
    /**
     * With the update on its way (the one that carries the verdicts read back, if any),
     * else at once: not through `schedule`, whose first update is the one that shows the
     * first verdicts at once (taken here, a first visit's first verdicts of 3,000 versions
     * came an interval, 750 ms, later).
     */
    storedVerdictsRead() {
      if (storedRead) return;
      storedRead = true;
      if (timer !== undefined) return;
      snapshot = freeze();
      for (const listener of listeners) listener();
    },
  };
}
