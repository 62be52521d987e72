// One review run as a store the screen subscribes to. `startReview` (the core) reports
// every fetched package and every verification; rebuilding the rows on each of them
// would cost the main thread far more than the work itself, so the rows are rebuilt at
// most every `snapshotInterval`, and once at the end. The cheap progress counters go
// out with each rebuild too.
import type { QueryClient } from '@tanstack/react-query';
import { RegistryError } from '../../core/net/http-errors';
import {
  DEFAULT_CONCURRENCY,
  LockfileError,
  ResolveError,
  startReview,
  type ReviewPhase,
  type ReviewRun,
  type ReviewRunInput,
  type ReviewRunProgress,
  type ReviewRunSnapshot,
} from '../../core/review';
import { parseLockfileInWorker } from '../../lib/lockfile-client';
import { reviewSources } from '../../lib/package-data/review-sources';

/**
 * Rows are rebuilt at most this often while results arrive (and once at the end): every
 * 250 ms up to 1,000 rows, then less often as the review grows (750 ms at 3,000 rows), so
 * a large review spends its main thread on results, not on redrawing them.
 */
export function snapshotInterval(rows: number): number {
  return Math.min(1000, Math.max(250, Math.round(rows / 4)));
}

/**
 * Registry requests in flight at most. The app has no settings page for request
 * concurrency, so the review uses the core's default (8), which npm's CLI also uses
 * for its fetches, polite to the public registry and fast enough on a local mirror.
 */
const CONCURRENCY = DEFAULT_CONCURRENCY;

export type ReviewRequest = Exclude<ReviewRunInput, { kind: 'parsed' }> & {
  /** Distinguishes two runs of the same input (pressing Review again). */
  id: number;
  /** The lockfile's file name, when it was loaded from a file. */
  fileName?: string;
};

export type ReviewStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface ReviewState {
  status: ReviewStatus;
  phase: ReviewPhase;
  progress: ReviewRunProgress;
  /** The rows as last rebuilt; absent until the input has been read. */
  snapshot?: ReviewRunSnapshot;
  /** Why the input could not be reviewed at all (the rest of a review never stops for one package). */
  error?: { code: string; message: string };
}

const NO_PROGRESS: ReviewRunProgress = { resolved: 0, fetched: 0, packages: 0, verified: 0, verifications: 0 };

export class ReviewSession {
  private state: ReviewState = { status: 'running', phase: 'reading', progress: NO_PROGRESS };
  private readonly listeners = new Set<() => void>();
  private stopCurrent: (() => void) | undefined;
  private cancelCurrent: (() => void) | undefined;

  constructor(
    private readonly client: QueryClient,
    private readonly base: string,
    readonly request: ReviewRequest,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ReviewState => this.state;

  /** Starts the run; the returned function stops it (the screen went away). */
  start(): () => void {
    this.stopCurrent?.();
    const controller = new AbortController();
    const sources = reviewSources(this.client, this.base);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastRebuild = -Infinity;
    let finished = false;
    this.set({ status: 'running', phase: 'reading', progress: NO_PROGRESS });

    let run: ReviewRun | undefined;
    const fail = (error: unknown) => {
      const wasStopped = finished;
      finish();
      if (wasStopped) return;
      if (controller.signal.aborted) {
        // Cancelled: what was known stays on screen, marked as such.
        let snapshot: ReviewRunSnapshot | undefined;
        try {
          snapshot = run?.snapshot();
        } catch {
          snapshot = undefined;
        }
        snapshot ??= this.state.snapshot;
        this.set({ ...this.state, status: 'cancelled', ...(snapshot ? { snapshot, progress: snapshot.progress } : {}) });
        return;
      }
      this.set({ ...this.state, status: 'failed', error: describeFailure(error) });
    };
    const begin = (input: ReviewRunInput) => {
      const started = startReview({
        input,
        fetchPackage: sources.fetchPackage,
        fetchPackument: sources.fetchPackument,
        verify: sources.verify,
        concurrency: CONCURRENCY,
        signal: controller.signal,
        onUpdate: () => {
          if (timer !== undefined || finished) return;
          // The first rebuild comes at once (the rows appear), then at most every interval.
          timer = setTimeout(rebuild, Math.max(0, lastRebuild + snapshotInterval(this.state.snapshot?.entries.length ?? 0) - performance.now()));
        },
      });
      run = started;
      started.done.then((snapshot) => {
        if (controller.signal.aborted || finished) return;
        finish();
        this.set({ status: 'done', phase: 'done', progress: snapshot.progress, snapshot });
      }, fail);
    };
    const rebuild = () => {
      timer = undefined;
      if (finished || !run) return;
      lastRebuild = performance.now();
      const snapshot = run.snapshot();
      this.set({ ...this.state, phase: snapshot.phase, progress: snapshot.progress, snapshot });
    };
    const finish = () => {
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      sources.release();
    };
    if (this.request.kind === 'lockfile') {
      // Read in a worker: a large lockfile takes the main thread hundreds of milliseconds.
      parseLockfileInWorker(this.request.text, controller.signal).then((lockfile) => {
        if (!finished && !controller.signal.aborted) begin({ kind: 'parsed', lockfile });
      }, fail);
    } else {
      begin(this.request);
    }
    this.cancelCurrent = () => controller.abort();
    this.stopCurrent = () => {
      finish();
      controller.abort();
    };
    return () => {
      this.stopCurrent?.();
      this.stopCurrent = undefined;
      this.cancelCurrent = undefined;
    };
  }

  /** The Cancel button: stops fetching and verifying, keeps what is known. */
  cancel(): void {
    this.cancelCurrent?.();
  }

  private set(state: ReviewState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof LockfileError || error instanceof ResolveError || error instanceof RegistryError) {
    return { code: error.code, message: error.message };
  }
  return { code: 'REVIEW_FAILED', message: error instanceof Error ? error.message : String(error) };
}
