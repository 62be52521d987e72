// The main thread's way to read a lockfile: parsed in a worker of its own, started for
// the one file and ended after it (a cancelled review ends it at once).
import { wrap } from 'comlink';
import { LockfileError, type ParsedLockfile } from '../core/review';
import type { LockfileService } from '../workers/lockfile.worker';
import { abortError, workerFailure } from './worker-rpc';

export async function parseLockfileInWorker(text: string, signal?: AbortSignal): Promise<ParsedLockfile> {
  if (signal?.aborted) throw abortError();
  const worker = new Worker(new URL('../workers/lockfile.worker.ts', import.meta.url), { type: 'module', name: 'lockfile' });
  const stop = () => worker.terminate();
  signal?.addEventListener('abort', stop, { once: true });
  const aborted = new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(abortError()), { once: true }));
  try {
    const outcome = await Promise.race([wrap<LockfileService>(worker).parse(text), workerFailure(worker, 'lockfile worker'), aborted]);
    if (!outcome.ok) throw new LockfileError(outcome.error);
    return outcome.value;
  } finally {
    signal?.removeEventListener('abort', stop);
    worker.terminate();
  }
}
