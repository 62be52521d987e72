// The main thread's way to load a package: the packument is fetched and parsed in a
// worker, so that a 20 MB document never blocks the page.
import { wrap, type Remote } from 'comlink';
import type { PackageRecord } from '../core/model';
import { RegistryError } from '../core/net/http-errors';
import { decodePackage, type RegistryService } from '../core/services/registry-service';
import { currentNetSettings } from './net-settings';
import { nextJobId, unwrapOutcome, withCancellation, workerFailure } from './worker-rpc';

interface Connection {
  remote: Remote<RegistryService>;
  failed: Promise<never>;
}

let connection: Connection | undefined;

function connect(): Connection {
  if (!connection) {
    const worker = new Worker(new URL('../workers/registry.worker.ts', import.meta.url), {
      type: 'module',
      name: 'registry',
    });
    const failed = workerFailure(worker, 'registry worker');
    failed.catch(() => {
      connection = undefined;
    });
    connection = { remote: wrap<RegistryService>(worker), failed };
  }
  return connection;
}

/**
 * Starts the registry worker ahead of the first search, so that loading and compiling
 * it is not on the path from typing a name to seeing its timeline.
 */
export function prewarmRegistryWorker(): void {
  connect();
}

/** Loads the person cancelled (the Cancel button), by `base\nname`. */
const userCancels = new Map<string, Set<() => void>>();

export async function loadPackage(base: string, name: string, signal?: AbortSignal): Promise<PackageRecord> {
  const { remote, failed } = connect();
  const jobId = nextJobId('package');
  const key = `${base}\n${name}`;
  let cancelledByUser!: () => void;
  // Not a react-query cancellation, which would leave the screen "loading" with no
  // request running: the load fails with ABORTED, which the screen shows with a retry.
  const cancelled = new Promise<never>((_, reject) => {
    cancelledByUser = () => {
      void remote.cancel(jobId);
      reject(new RegistryError({ code: 'ABORTED', message: `Loading ${name} was cancelled.` }));
    };
  });
  const cancels = userCancels.get(key) ?? new Set();
  cancels.add(cancelledByUser);
  userCancels.set(key, cancels);
  try {
    return await withCancellation(
      signal,
      () => void remote.cancel(jobId),
      async () =>
        decodePackage(
          unwrapOutcome(
            await Promise.race([remote.fetchPackage(jobId, base, name, currentNetSettings()), failed, cancelled]),
          ),
        ),
    );
  } finally {
    cancels.delete(cancelledByUser);
    if (cancels.size === 0) userCancels.delete(key);
  }
}

/** Stops loading a package now: the loads under way fail with ABORTED. */
export function cancelPackageLoad(base: string, name: string): void {
  for (const cancel of userCancels.get(`${base}\n${name}`) ?? []) cancel();
}
