// A pool of verifier workers, one per core (verification is synchronous CPU work of
// tens of milliseconds per bundle). Jobs queue in the order they are asked for, the
// timeline's order, so the rows on screen settle first. Each worker also has a few
// jobs in flight, so that one job's network fetch overlaps another's verification.
import { wrap, type Remote } from 'comlink';
import type { VersionRecord, VersionVerification } from '../core/model';
import type { RegistryKey } from '../core/registry/npm-keys';
import type { VerifierService } from '../core/services/verifier-service';
import type { TrustedRootState } from '../core/trust/trust-state';
import type { VerifyBundleRequest, VerifyBundleResult } from '../core/verify/verify-bundle';
import { trustedRootState } from './trust-client';
import { abortError, nextJobId, unwrapOutcome, workerFailure } from './worker-rpc';

interface Slot {
  remote: Remote<VerifierService>;
  failed: Promise<never>;
  inFlight: number;
  keysFingerprint?: string;
  /** The trusted root this worker was last given. */
  trustedRoot?: unknown;
}

interface Job {
  base: string;
  keys: RegistryKey[];
  record: VersionRecord;
  signal?: AbortSignal;
  resolve: (value: VersionVerification) => void;
  reject: (error: unknown) => void;
}

const MAX_IN_FLIGHT_PER_WORKER = 3;

export class VerifierPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];

  /**
   * `trust`: the trusted root to verify with (bounded: it never waits on the TUF
   * repository longer than its budget); absent, the root bundled in the workers.
   */
  constructor(
    private readonly size: number = defaultPoolSize(),
    private readonly trust?: () => Promise<TrustedRootState>,
  ) {}

  /** Gives `slot` the trusted root in use, once per change; messages reach the worker in order. */
  private async withTrust(slot: Slot): Promise<void> {
    if (!this.trust) return;
    const { trustedRoot } = await this.trust();
    if (slot.trustedRoot === trustedRoot) return;
    slot.trustedRoot = trustedRoot;
    void slot.remote.useTrustedRoot(trustedRoot);
  }

  verify(base: string, keys: RegistryKey[], record: VersionRecord, signal?: AbortSignal): Promise<VersionVerification> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const job: Job = { base, keys, record, signal, resolve, reject };
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.queue.indexOf(job);
          if (at >= 0) {
            this.queue.splice(at, 1);
            reject(abortError());
          }
        },
        { once: true },
      );
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Verifies bundles someone holds (the #/verify page). Not queued behind a package's
   * versions: a person is waiting for this one answer, so it goes to the least busy worker.
   */
  async verifyBundle(request: VerifyBundleRequest, signal?: AbortSignal): Promise<VerifyBundleResult> {
    if (signal?.aborted) throw abortError();
    // Another worker while every one is busy, up to one per core.
    if (this.slots.length < this.size && this.slots.every((s) => s.inFlight > 0)) this.slots.push(createSlot());
    const slot = this.slots.reduce((best, candidate) => (candidate.inFlight < best.inFlight ? candidate : best));
    slot.inFlight += 1;
    const jobId = nextJobId('verify-bundle');
    const cancel = () => void slot.remote.cancel(jobId);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await this.withTrust(slot);
      return unwrapOutcome(await Promise.race([slot.remote.verifyBundle(jobId, request), slot.failed]));
    } finally {
      signal?.removeEventListener('abort', cancel);
      slot.inFlight -= 1;
      this.pump();
    }
  }

  /** Starts every worker now (the benchmark measures verification, not start-up). */
  async startWorkers(): Promise<number> {
    while (this.slots.length < this.size) this.slots.push(createSlot());
    // A call answered means the worker has loaded its code (and has its trusted root).
    await Promise.all(
      this.slots.map(async (slot) => {
        await this.withTrust(slot);
        await slot.remote.cancel('warm-up');
      }),
    );
    return this.slots.length;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.freeSlot();
      if (!slot) return;
      const job = this.queue.shift() as Job;
      void this.run(slot, job);
    }
  }

  private freeSlot(): Slot | undefined {
    if (this.slots.length < this.size && this.slots.every((s) => s.inFlight > 0)) {
      this.slots.push(createSlot());
    }
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.inFlight < MAX_IN_FLIGHT_PER_WORKER && (!best || slot.inFlight < best.inFlight)) best = slot;
    }
    return best;
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    slot.inFlight += 1;
    const jobId = nextJobId('verify');
    const cancel = () => void slot.remote.cancel(jobId);
    job.signal?.addEventListener('abort', cancel, { once: true });
    try {
      await this.withTrust(slot);
      const fingerprint = keysFingerprint(job.keys);
      if (slot.keysFingerprint !== fingerprint) {
        // Messages reach the worker in order: configure runs before this verify.
        void slot.remote.configure(job.keys);
        slot.keysFingerprint = fingerprint;
      }
      const outcome = await Promise.race([slot.remote.verify(jobId, job.base, job.record), slot.failed]);
      job.resolve(unwrapOutcome(outcome));
    } catch (error) {
      job.reject(error);
    } finally {
      job.signal?.removeEventListener('abort', cancel);
      slot.inFlight -= 1;
      this.pump();
    }
  }
}

const fingerprints = new WeakMap<RegistryKey[], string>();

/** The same key list arrives with every job: fingerprint it once. */
function keysFingerprint(keys: RegistryKey[]): string {
  let fingerprint = fingerprints.get(keys);
  if (fingerprint === undefined) {
    fingerprint = JSON.stringify(keys);
    fingerprints.set(keys, fingerprint);
  }
  return fingerprint;
}

function createSlot(): Slot {
  const worker = new Worker(new URL('../workers/verifier.worker.ts', import.meta.url), {
    type: 'module',
    name: 'verifier',
  });
  const failed = workerFailure(worker, 'verification worker');
  failed.catch(() => undefined);
  return { remote: wrap<VerifierService>(worker), failed, inFlight: 0 };
}

function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(cores, 8));
}

let shared: VerifierPool | undefined;

/** The app's one pool; created on first use so the verifier code loads only when needed. */
export function verifierPool(): VerifierPool {
  shared ??= new VerifierPool(defaultPoolSize(), trustedRootState);
  return shared;
}
