// A pool of verifier workers, one per core (verification is synchronous CPU work of
// tens of milliseconds per bundle). The first worker starts with the first job, each
// other one in an idle moment of its own while every worker is busy (starting them all
// in one task was a long main-thread task). Jobs queue in the order they are asked for, the
// timeline's order, so the rows on screen settle first. Each worker also has a few
// jobs in flight, so that one job's network fetch overlaps another's verification.
//
// A worker that dies (an `error` event: a crash, a failed load) or stops answering (a
// liveness ping unanswered for PING_TIMEOUT_MS while it has jobs, which is how a hang
// or an out-of-memory kill without an event shows) is terminated and replaced; each of its jobs runs once more on another worker,
// and a job whose second worker dies too ends `unavailable` with the reason. No version
// stays "Verifying" for ever.
import { wrap } from 'comlink';
import type { StepName, VersionRecord, VersionVerification } from '../core/model';
import type { RegistryKey } from '../core/registry/npm-keys';
import type { VerifierService } from '../core/services/verifier-service';
import type { TrustedRootState } from '../core/trust/trust-state';
import type { VerifyBundleRequest, VerifyBundleResult } from '../core/verify/verify-bundle';
import { currentNetSettings } from './net-settings';
import { trustedRootState } from './trust-client';
import { abortError, nextJobId, unwrapOutcome, workerFailure } from './worker-rpc';

/** What the pool needs of a worker: its calls (async), a promise that rejects when it dies, and a way to stop it. */
export type VerifierRemote = {
  [K in keyof VerifierService]: (
    ...args: Parameters<VerifierService[K]>
  ) => Promise<Awaited<ReturnType<VerifierService[K]>>>;
};

export interface VerifierWorker {
  remote: VerifierRemote;
  /** Rejects (with the reason) when the worker fails to load or crashes. */
  failed: Promise<never>;
  terminate(): void;
}

export interface VerifierPoolOptions {
  size?: number;
  /** Test seam: the real pool starts module workers. */
  createWorker?: () => VerifierWorker;
  /** How often a worker with jobs is asked whether it is alive. */
  pingIntervalMs?: number;
  /** A ping unanswered this long means the worker is stuck or gone. */
  pingTimeoutMs?: number;
  /**
   * The trusted root to verify with (bounded: it never waits on the TUF repository longer
   * than its budget); absent, the root bundled in the workers.
   */
  trust?: () => Promise<TrustedRootState>;
  /** Test seam: when the pool starts its next worker (default: an idle callback, bounded). */
  whenIdle?: (run: () => void) => void;
}

interface Slot {
  worker: VerifierWorker;
  /** Rejects when the worker crashed or was given up on; every job on it races this. */
  dead: Promise<never>;
  kill: (reason: Error) => void;
  inFlight: number;
  keysFingerprint?: string;
  pinger: ReturnType<typeof setInterval>;
  pinging: boolean;
  /** The worker has answered a call: its code is loaded. */
  loaded: boolean;
  /** The trusted root this worker was last given. */
  trustedRoot?: unknown;
}

interface Job {
  base: string;
  keys: RegistryKey[];
  record: VersionRecord;
  signal?: AbortSignal;
  /** 0 the first time; 1 when it runs again after its worker died. */
  attempt: number;
  resolve: (value: VersionVerification) => void;
  reject: (error: unknown) => void;
}

const MAX_IN_FLIGHT_PER_WORKER = 3;
/**
 * A job's network wait is bounded by the request timeouts; its CPU work is tens of
 * milliseconds per bundle, so a live worker answers a ping within a second or two even
 * on a loaded machine. 30 s of silence, once the worker has loaded (its first answer),
 * is a worker that hangs or was killed without an `error` event. Loading itself is not
 * timed: a worker that fails to load reports an `error` event.
 */
const PING_INTERVAL_MS = 10_000;
const PING_TIMEOUT_MS = 30_000;

class WorkerGone extends Error {}

export class VerifierPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly size: number;
  private readonly createWorker: () => VerifierWorker;
  private readonly pingIntervalMs: number;
  private readonly pingTimeoutMs: number;
  private readonly trust?: () => Promise<TrustedRootState>;
  private readonly whenIdle: (run: () => void) => void;
  private growthScheduled = false;
  private prewarmScheduled = false;

  constructor(options: number | VerifierPoolOptions = {}) {
    const opts = typeof options === 'number' ? { size: options } : options;
    this.size = opts.size ?? defaultPoolSize();
    this.createWorker = opts.createWorker ?? startModuleWorker;
    this.pingIntervalMs = opts.pingIntervalMs ?? PING_INTERVAL_MS;
    this.pingTimeoutMs = opts.pingTimeoutMs ?? PING_TIMEOUT_MS;
    this.trust = opts.trust;
    this.whenIdle = opts.whenIdle ?? whenIdle;
  }

  /** Gives `slot` the trusted root in use, once per change; messages reach the worker in order. */
  private async withTrust(slot: Slot): Promise<void> {
    if (!this.trust) return;
    const { trustedRoot } = await this.trust();
    if (slot.trustedRoot === trustedRoot) return;
    slot.trustedRoot = trustedRoot;
    void slot.worker.remote.useTrustedRoot(trustedRoot).catch(() => undefined);
  }

  verify(base: string, keys: RegistryKey[], record: VersionRecord, signal?: AbortSignal): Promise<VersionVerification> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const job: Job = { base, keys, record, signal, attempt: 0, resolve, reject };
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
   * A worker that dies under it is replaced and the check runs once more on another;
   * if that one dies too, the answer is an error that says so (never a wait for ever).
   */
  async verifyBundle(request: VerifyBundleRequest, signal?: AbortSignal): Promise<VerifyBundleResult> {
    try {
      return await this.verifyBundleOnce(request, signal);
    } catch (error) {
      if (!(error instanceof WorkerGone) || signal?.aborted) throw error;
      try {
        return await this.verifyBundleOnce(request, signal);
      } catch (again) {
        if (!(again instanceof WorkerGone) || signal?.aborted) throw again;
        throw new Error(
          `The verification worker stopped twice while checking this bundle (${error.message.replace(/\.$/, '')}; then ${again.message.replace(/\.$/, '')}); nothing was checked. Try again, or reload the page.`,
        );
      }
    }
  }

  private async verifyBundleOnce(request: VerifyBundleRequest, signal?: AbortSignal): Promise<VerifyBundleResult> {
    if (signal?.aborted) throw abortError();
    // Another worker while every one is busy, up to one per core.
    if (this.slots.length < this.size && this.slots.every((s) => s.inFlight > 0)) this.addSlot();
    const slot = this.slots.reduce((best, candidate) => (candidate.inFlight < best.inFlight ? candidate : best));
    slot.inFlight += 1;
    const jobId = nextJobId('verify-bundle');
    const cancel = () => void slot.worker.remote.cancel(jobId).catch(() => undefined);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await Promise.race([this.withTrust(slot), slot.dead]);
      return unwrapOutcome(await Promise.race([slot.worker.remote.verifyBundle(jobId, request), slot.dead]));
    } catch (error) {
      // Out of the pool before the retry picks a worker (retire runs on `dead` too; it is idempotent).
      if (error instanceof WorkerGone) this.retire(slot);
      throw error;
    } finally {
      signal?.removeEventListener('abort', cancel);
      slot.inFlight -= 1;
      this.pump();
    }
  }

  /** Starts every worker now (the benchmark measures verification, not start-up). */
  async startWorkers(): Promise<number> {
    while (this.slots.length < this.size) this.addSlot();
    // A call answered means the worker has loaded its code (and has its trusted root).
    await Promise.all(
      this.slots.map(async (slot) => {
        await this.withTrust(slot);
        await slot.worker.remote.cancel('warm-up');
      }),
    );
    return this.slots.length;
  }

  /** How many workers are alive (tests). */
  get workerCount(): number {
    return this.slots.length;
  }

  private addSlot(): Slot {
    const worker = this.createWorker();
    let kill!: (reason: Error) => void;
    const killed = new Promise<never>((_, reject) => {
      kill = reject;
    });
    const dead = Promise.race([worker.failed, killed]).catch((error: unknown) => {
      throw new WorkerGone(error instanceof Error ? error.message : String(error));
    });
    const slot: Slot = { worker, dead, kill, inFlight: 0, pinging: false, loaded: false, pinger: undefined as never };
    slot.pinger = setInterval(() => this.ping(slot), this.pingIntervalMs);
    dead.catch(() => this.retire(slot));
    this.slots.push(slot);
    return slot;
  }

  /**
   * One more worker, in a task of its own once the page is idle (or after
   * GROWTH_WAIT_MS at most): starting a module worker costs the main thread time, and
   * starting every worker of the pool in the task that asked for the first job made one
   * long task. The first worker starts at once; each next one only while every worker
   * is busy and jobs wait, so the pool reaches its size within a few tasks.
   */
  private scheduleGrowth(): void {
    if (this.growthScheduled) return;
    this.growthScheduled = true;
    this.whenIdle(() => {
      this.growthScheduled = false;
      if (this.queue.length === 0 || this.slots.length >= this.size) return;
      if (this.slots.length > 0 && this.slots.some((s) => s.inFlight === 0)) return;
      this.addSlot();
      this.pump();
    });
  }

  /**
   * Starts the first worker (loaded, with the trusted root in use) while the page is
   * idle, so that the first verification asked for (the #/verify page's) does not wait
   * for, nor pay on the main thread for, starting it.
   */
  prewarm(): void {
    if (this.slots.length > 0 || this.prewarmScheduled) return;
    this.prewarmScheduled = true;
    this.whenIdle(() => {
      this.prewarmScheduled = false;
      if (this.slots.length > 0) return;
      const slot = this.addSlot();
      void Promise.race([this.withTrust(slot), slot.dead])
        .then(() => slot.worker.remote.cancel('warm-up'))
        .then(
          () => {
            slot.loaded = true;
          },
          () => undefined,
        );
    });
  }

  /** While a worker has jobs, it must answer a ping in time, or it is given up on. */
  private ping(slot: Slot): void {
    if (slot.inFlight === 0 || slot.pinging) return;
    slot.pinging = true;
    if (!slot.loaded) {
      // Not timed yet: the first answer says the worker has loaded.
      slot.worker.remote.cancel('ping').then(
        () => {
          slot.loaded = true;
          slot.pinging = false;
        },
        () => undefined,
      );
      return;
    }
    const seconds = Math.round(this.pingTimeoutMs / 1000);
    const timer = setTimeout(() => slot.kill(new Error(`it stopped answering for ${seconds} s`)), this.pingTimeoutMs);
    slot.worker.remote
      .cancel('ping')
      .then(
        () => clearTimeout(timer),
        () => undefined,
      )
      .finally(() => {
        slot.pinging = false;
      });
  }

  /** Takes a dead worker out of the pool, for good. */
  private retire(slot: Slot): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    clearInterval(slot.pinger);
    try {
      slot.worker.terminate();
    } catch {
      // Already gone.
    }
    // Queued jobs need a live worker.
    queueMicrotask(() => this.pump());
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
    if (this.slots.length === 0) this.addSlot();
    else if (this.slots.length < this.size && this.slots.every((s) => s.inFlight > 0)) this.scheduleGrowth();
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.inFlight < MAX_IN_FLIGHT_PER_WORKER && (!best || slot.inFlight < best.inFlight)) best = slot;
    }
    return best;
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    slot.inFlight += 1;
    const jobId = nextJobId('verify');
    const cancel = () => void slot.worker.remote.cancel(jobId).catch(() => undefined);
    job.signal?.addEventListener('abort', cancel, { once: true });
    const net = currentNetSettings();
    try {
      await this.withTrust(slot);
      const fingerprint = keysFingerprint(job.keys);
      if (slot.keysFingerprint !== fingerprint) {
        // Messages reach the worker in order: configure runs before this verify.
        slot.worker.remote.configure(job.keys).catch(() => undefined);
        slot.keysFingerprint = fingerprint;
      }
      const outcome = await Promise.race([slot.worker.remote.verify(jobId, job.base, job.record, net), slot.dead]);
      job.resolve(unwrapOutcome(outcome));
    } catch (error) {
      if (job.signal?.aborted) job.reject(abortError());
      else if (error instanceof WorkerGone) this.workerLost(job, error);
      else job.reject(error);
    } finally {
      job.signal?.removeEventListener('abort', cancel);
      slot.inFlight -= 1;
      this.pump();
    }
  }

  /** The job's worker died under it: once more on another worker, then `unavailable`. */
  private workerLost(job: Job, error: WorkerGone): void {
    if (job.attempt === 0) {
      job.attempt = 1;
      // At the front: it was started before everything still queued.
      this.queue.unshift(job);
      return;
    }
    job.resolve(workerFailedVerification(job.record, error.message));
  }
}

const ALL_STEPS: StepName[] = ['provenance-bundle', 'publish-attestation', 'subject-binding', 'registry-signature'];

/** What a version shows when two workers in a row died verifying it: nothing was checked. */
export function workerFailedVerification(record: VersionRecord, why: string): VersionVerification {
  const reason = `the verification worker stopped twice while checking this version (${why.replace(/\.$/, '')}); nothing was checked`;
  return {
    name: record.name,
    version: record.version,
    status: 'unavailable',
    unavailableReason: reason,
    steps: ALL_STEPS.map((step) => ({
      step,
      outcome: 'skip',
      code: 'ATTESTATIONS_UNAVAILABLE',
      message: `Not checked: ${reason}.`,
    })),
  };
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

function startModuleWorker(): VerifierWorker {
  const worker = new Worker(new URL('../workers/verifier.worker.ts', import.meta.url), {
    type: 'module',
    name: 'verifier',
  });
  const failed = workerFailure(worker, 'verification worker');
  failed.catch(() => undefined);
  return {
    remote: wrap<VerifierService>(worker) as unknown as VerifierRemote,
    failed,
    terminate: () => worker.terminate(),
  };
}

/** The longest a new worker waits for an idle moment of the main thread. */
const GROWTH_WAIT_MS = 50;

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => run(), { timeout: GROWTH_WAIT_MS });
  else setTimeout(run, 0);
}

export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(cores, 8));
}

let shared: VerifierPool | undefined;

/** The app's one pool; created on first use so the verifier code loads only when needed. */
export function verifierPool(): VerifierPool {
  shared ??= new VerifierPool({ size: defaultPoolSize(), trust: trustedRootState });
  return shared;
}
