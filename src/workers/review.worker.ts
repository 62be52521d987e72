// Runs a dependency review off the main thread: reads the lockfile (or resolves the
// spec), decodes each package's history, rebuilds the rows as results arrive, and sends
// the screen progress and the rows that changed. What it fetches and verifies it asks
// of the main thread (`ReviewHost`), which answers from the session's caches (the
// package query, the verification store, the verifier pool): one cache for the whole
// app, and the main thread only forwards bytes and small records.
import { expose } from 'comlink';
import type { VersionRecord, VersionVerification } from '../core/model';
import { RegistryError, type RegistryErrorData } from '../core/net/http-errors';
import type { Outcome } from '../core/services/job-outcome';
import { decodePackage } from '../core/services/package-encoding';
import {
  LockfileError,
  ResolveError,
  startReview,
  type PackumentLike,
  type ReviewRun,
  type ReviewRunSnapshot,
} from '../core/review';
import { createViewSender, inPieces, type ReviewMessage, type ReviewViewMessage } from '../core/review/review-view';

/** What the review asks of the main thread. Every call answers (never throws across). */
export interface ReviewHost {
  /** The package's history, encoded as the registry worker encodes it (encodePackage). */
  fetchPackage(name: string): Promise<Outcome<Uint8Array>>;
  /** The abbreviated packument as UTF-8 JSON (only the fields the resolver reads). */
  fetchPackument(name: string): Promise<Outcome<Uint8Array>>;
  /** A version's verification; `ok: false` when the verifier could not run or the review was cancelled. */
  verify(record: VersionRecord): Promise<Outcome<VersionVerification>>;
  /**
   * A new view of the review (rows as deltas, with the progress counters), or rows ahead
   * of one (`inPieces`). Across the worker boundary it answers once the main thread has
   * taken it (and every message before it).
   */
  update(message: ReviewMessage): void | Promise<void>;
}

export type ReviewWorkerInput = { kind: 'lockfile'; text: string } | { kind: 'spec'; spec: string };

/**
 * How a run ended. Its last view went by `update` before this answer (a delta like the
 * others: only the rows changed since the view before), and the main thread has taken it.
 */
export type ReviewWorkerOutcome =
  | { status: 'done' }
  | { status: 'cancelled' }
  | { status: 'failed'; error: { code: string; message: string } };

/**
 * Views are sent at most this often while results arrive (and once at the end): every
 * 250 ms up to 500 rows, then less often as the review grows (500 ms at 1,000 rows, 1 s
 * from 2,000): each view is a render of the screen on the main thread.
 */
export function viewInterval(rows: number): number {
  return Math.min(1000, Math.max(250, Math.round(rows / 2)));
}

let current: AbortController | undefined;

const api = {
  async run(input: ReviewWorkerInput, concurrency: number, host: ReviewHost): Promise<ReviewWorkerOutcome> {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const send = createViewSender();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastView = -Infinity;
    let finished = false;
    let rows = 0;
    // Declared before the run starts: it reports its first update synchronously.
    const started: { run?: ReviewRun } = {};
    const view = () => {
      timer = undefined;
      if (finished) return;
      lastView = performance.now();
      const snapshot = snapshotOf();
      if (!snapshot) return;
      rows = snapshot.entries.length;
      void post(send(snapshot));
    };
    /** A view in messages of at most ROWS_PER_MESSAGE rows; answers when the main thread has taken them. */
    const post = async (message: ReviewViewMessage) => {
      const taken = inPieces(message).map((part) => host.update(part));
      await Promise.all(taken).catch(() => undefined);
    };
    /** The last view, after which no other is sent. */
    const postLast = async (snapshot: ReviewRunSnapshot | undefined) => {
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      if (snapshot) await post(send(snapshot));
    };
    const snapshotOf = (): ReviewRunSnapshot | undefined => {
      try {
        return started.run?.snapshot();
      } catch {
        return undefined;
      }
    };
    const run = startReview({
      input,
      concurrency,
      signal: controller.signal,
      fetchPackage: async (name) => decodePackage(unwrap(await host.fetchPackage(name))),
      fetchPackument: async (name) => JSON.parse(new TextDecoder().decode(unwrap(await host.fetchPackument(name)))) as PackumentLike,
      verify: async (record) => {
        const outcome = await host.verify(record);
        if (outcome.ok) return outcome.value;
        if (outcome.error.code === 'ABORTED') throw new RegistryError(outcome.error);
        throw new Error(outcome.error.message);
      },
      onUpdate: () => {
        if (finished || timer !== undefined) return;
        // The first view goes at once (the rows appear), then at most every interval.
        timer = setTimeout(view, Math.max(0, lastView + viewInterval(rows) - performance.now()));
      },
    });
    started.run = run;
    try {
      await postLast(await run.done);
      return { status: 'done' };
    } catch (error) {
      if (controller.signal.aborted) {
        await postLast(snapshotOf());
        return { status: 'cancelled' };
      }
      return { status: 'failed', error: describeFailure(error) };
    } finally {
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      if (current === controller) current = undefined;
    }
  },
  /** The Cancel button: stops fetching and verifying; `run` answers with what is known. */
  cancel(): void {
    current?.abort();
  },
};

export type ReviewWorkerApi = typeof api;

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new RegistryError(outcome.error);
}

function describeFailure(error: unknown): RegistryErrorData | { code: string; message: string } {
  if (error instanceof LockfileError || error instanceof ResolveError || error instanceof RegistryError) {
    return { code: error.code, message: error.message };
  }
  return { code: 'REVIEW_FAILED', message: error instanceof Error ? error.message : String(error) };
}

expose(api);
