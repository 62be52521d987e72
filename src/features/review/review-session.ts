// One review run as a store the screen subscribes to. The run itself (reading the
// lockfile or resolving the spec, decoding histories, rebuilding the rows) happens in
// the review worker (lib/package-data/review-runner.ts); this store receives its views
// (at most every few hundred milliseconds: the progress counters and the rows that
// changed), and the screen renders them.
import type { QueryClient } from '@tanstack/react-query';
import type { ReviewPhase, ReviewRunInput, ReviewRunProgress, ReviewRunView } from '../../core/review';
import { runReviewInWorker } from '../../lib/package-data/review-runner';

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
  snapshot?: ReviewRunView;
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
    /** Registry requests in flight at most (the setting). */
    private readonly concurrency: number,
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
    let stopped = false;
    this.set({ status: 'running', phase: 'reading', progress: NO_PROGRESS });
    const input = this.request.kind === 'spec' ? { kind: 'spec' as const, spec: this.request.spec } : { kind: 'lockfile' as const, text: this.request.text };
    void runReviewInWorker({
      client: this.client,
      base: this.base,
      input,
      concurrency: this.concurrency,
      signal: controller.signal,
      onView: (view) => {
        if (!stopped) this.set({ ...this.state, phase: view.phase, progress: view.progress, snapshot: view });
      },
    }).then((result) => {
      if (stopped) return;
      stopped = true;
      if (result.status === 'done') {
        this.set({ status: 'done', phase: 'done', progress: result.view.progress, snapshot: result.view });
      } else if (result.status === 'cancelled') {
        // Cancelled: what was known stays on screen, marked as such.
        const snapshot = result.view ?? this.state.snapshot;
        this.set({ ...this.state, status: 'cancelled', ...(snapshot ? { snapshot, progress: snapshot.progress } : {}) });
      } else {
        this.set({ ...this.state, status: 'failed', error: result.error });
      }
    });
    this.cancelCurrent = () => controller.abort();
    this.stopCurrent = () => {
      stopped = true;
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
