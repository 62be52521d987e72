// The main thread's way to load a package: the packument is fetched and parsed in a
// worker, so that a 20 MB document never blocks the page.
import { wrap, type Remote } from 'comlink';
import type { PackageRecord } from '../core/model';
import { decodePackage, type RegistryService } from '../core/services/registry-service';
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

export async function loadPackage(base: string, name: string, signal?: AbortSignal): Promise<PackageRecord> {
  const { remote, failed } = connect();
  const jobId = nextJobId('package');
  return withCancellation(
    signal,
    () => void remote.cancel(jobId),
    async () => decodePackage(unwrapOutcome(await Promise.race([remote.fetchPackage(jobId, base, name), failed]))),
  );
}
