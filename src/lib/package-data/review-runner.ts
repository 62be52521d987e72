// Starts a dependency review in a worker of its own (workers/review.worker.ts) and
// answers its requests from the session's caches (review-sources.ts). The worker is
// started for one run and ended after it; the screen receives views (rows as deltas,
// rebuilt here into whole views, with the progress counters).
import type { QueryClient } from '@tanstack/react-query';
import { proxy, wrap } from 'comlink';
import { createViewReceiver, type ReviewRunView } from '../../core/review';
import type { ReviewHost, ReviewWorkerApi, ReviewWorkerInput } from '../../workers/review.worker';
import { workerFailure } from '../worker-rpc';
import { reviewSources } from './review-sources';

export interface ReviewRunnerOptions {
  client: QueryClient;
  base: string;
  input: ReviewWorkerInput;
  /** Registry requests in flight at most. */
  concurrency: number;
  /** Aborting it cancels the run: the result then holds what was known. */
  signal: AbortSignal;
  onView: (view: ReviewRunView) => void;
}

export type ReviewRunnerResult =
  | { status: 'done'; view: ReviewRunView }
  | { status: 'cancelled'; view?: ReviewRunView }
  | { status: 'failed'; error: { code: string; message: string } };

export async function runReviewInWorker(options: ReviewRunnerOptions): Promise<ReviewRunnerResult> {
  const { client, base, input, concurrency, signal } = options;
  const worker = new Worker(new URL('../../workers/review.worker.ts', import.meta.url), { type: 'module', name: 'review' });
  const remote = wrap<ReviewWorkerApi>(worker);
  const sources = reviewSources(client, base, signal);
  const receive = createViewReceiver();
  let stopped = false;
  /** The last view received: the run's result once it ends (the worker sends it before answering). */
  let last: ReviewRunView | undefined;
  const host: ReviewHost = {
    fetchPackage: sources.fetchPackage,
    fetchPackument: sources.fetchPackument,
    verify: sources.verify,
    update: (message) => {
      if (stopped) return;
      const view = receive(message);
      if (!view) return; // Rows ahead of their view.
      last = view;
      options.onView(view);
    },
  };
  const cancel = () => void remote.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const outcome = await Promise.race([remote.run(input, concurrency, proxy(host)), workerFailure(worker, 'review worker')]);
    stopped = true;
    if (outcome.status === 'failed') return outcome;
    if (outcome.status === 'cancelled') return last ? { status: 'cancelled', view: last } : { status: 'cancelled' };
    if (!last) return { status: 'failed', error: { code: 'REVIEW_FAILED', message: 'The review ended without a view of its rows.' } };
    return { status: 'done', view: last };
  } catch (error) {
    if (signal.aborted) return { status: 'cancelled' };
    return { status: 'failed', error: { code: 'REVIEW_FAILED', message: error instanceof Error ? error.message : String(error) } };
  } finally {
    stopped = true;
    signal.removeEventListener('abort', cancel);
    sources.release();
    worker.terminate();
  }
}
