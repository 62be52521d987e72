// One review from input to rows, for the screen to drive: parse the lockfile (or
// resolve the spec), fetch each package's history (bounded concurrency, each name
// once), verify each entry and the versions its continuity check needs, and report a
// snapshot as things arrive. The fetching and verifying functions are injected: the
// app passes its cached registry client and its verifier pool, tests pass fakes.
import type { PackageRecord, VersionRecord, VersionVerification } from '../model';
import { RegistryError, isAbortError } from '../net/http-errors';
import { parseLockfile } from './lockfiles/parse-lockfile';
import type { LockEntry, LockfileFormat, NonRegistryEntry, ParsedLockfile } from './lockfiles/types';
import { DEFAULT_CONCURRENCY, resolveSpec, type FetchPackument, type PeerRequirement, type UnresolvedDependency } from './resolve';
import { buildReview, continuityVersions, type AnalysisCache, type PackageState, type Review } from './review';

/**
 * A lockfile's text, a lockfile already parsed (the app parses large ones in a worker,
 * off the main thread), or a spec to resolve.
 */
export type ReviewRunInput =
  | { kind: 'lockfile'; text: string }
  | { kind: 'parsed'; lockfile: ParsedLockfile }
  | { kind: 'spec'; spec: string };

export type ReviewPhase = 'reading' | 'resolving' | 'fetching' | 'verifying' | 'done';

export interface ReviewRunProgress {
  /** Entries known (rows). */
  resolved: number;
  /** Package histories fetched (or failed) of `packages`. */
  fetched: number;
  packages: number;
  /** Verifications finished of `verifications` (entries and continuity versions). */
  verified: number;
  verifications: number;
}

export interface ReviewRunSnapshot {
  phase: ReviewPhase;
  source: { kind: 'lockfile'; format: LockfileFormat } | { kind: 'spec'; spec: string; root: string } | undefined;
  entries: LockEntry[];
  nonRegistry: NonRegistryEntry[];
  unresolved: UnresolvedDependency[];
  peers: PeerRequirement[];
  warnings: string[];
  progress: ReviewRunProgress;
  review: Review;
}

export interface ReviewRunOptions {
  input: ReviewRunInput;
  /** The full packument as a PackageRecord (the app's cached client). */
  fetchPackage: (name: string, signal: AbortSignal) => Promise<PackageRecord>;
  /** Packuments for resolving a spec (the abbreviated form is enough). */
  fetchPackument: FetchPackument;
  /** One version's four steps (the app's verifier pool). */
  verify: (record: VersionRecord, signal: AbortSignal) => Promise<VersionVerification>;
  /** Registry requests in flight at most (a setting, 8 by default). */
  concurrency?: number;
  signal?: AbortSignal;
  /**
   * Called after each change with the cheap part of the state; call `snapshot()` of the
   * run for the rows (it rebuilds the review: throttle it).
   */
  onUpdate?: (phase: ReviewPhase, progress: ReviewRunProgress) => void;
}

export interface ReviewRun {
  /** Everything known so far, the review rebuilt from it. */
  snapshot(): ReviewRunSnapshot;
  /**
   * The last snapshot once every row is final. Rejects only when the input cannot be
   * read at all (LockfileError, ResolveError) or when aborted (RegistryError ABORTED);
   * a package or a verification that fails is recorded on its row.
   */
  done: Promise<ReviewRunSnapshot>;
}

export function startReview(options: ReviewRunOptions): ReviewRun {
  let snapshotOf: () => ReviewRunSnapshot = () => {
    throw new Error('The review has not started.');
  };
  const done = runReview(options, (build) => {
    snapshotOf = build;
  });
  // The caller may only read snapshots; a failure is reported through `done`.
  done.catch(() => undefined);
  return { snapshot: () => snapshotOf(), done };
}

async function runReview(options: ReviewRunOptions, expose: (snapshot: () => ReviewRunSnapshot) => void): Promise<ReviewRunSnapshot> {
  const controller = new AbortController();
  const abort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  const signal = controller.signal;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));

  const state: Omit<ReviewRunSnapshot, 'review'> = {
    phase: 'reading',
    source: undefined,
    entries: [],
    nonRegistry: [],
    unresolved: [],
    peers: [],
    warnings: [],
    progress: { resolved: 0, fetched: 0, packages: 0, verified: 0, verifications: 0 },
  };
  const packages = new Map<string, PackageState>();
  const verifications = new Map<string, VersionVerification>();
  // Bumped per package when one of its verifications arrives: the analysis cache key.
  const stamps = new Map<string, number>();
  const analysisCache: AnalysisCache = { stampOf: (name) => stamps.get(name) ?? 0, entries: new Map(), rows: new Map() };
  const snapshot = (): ReviewRunSnapshot => ({
    ...state,
    progress: { ...state.progress },
    review: buildReview({
      entries: state.entries,
      packages,
      verificationOf: (name, version) => verifications.get(`${name}@${version}`),
      nonRegistry: state.nonRegistry,
      unresolvedCount: state.unresolved.length,
      fromLockfile: state.source?.kind === 'lockfile',
      analysisCache,
    }),
  });
  expose(snapshot);
  const update = () => options.onUpdate?.(state.phase, { ...state.progress });

  try {
    if (options.input.kind !== 'spec') {
      const parsed = options.input.kind === 'parsed' ? options.input.lockfile : parseLockfile(options.input.text);
      Object.assign(state, { source: { kind: 'lockfile', format: parsed.format }, entries: parsed.entries, nonRegistry: parsed.nonRegistry, warnings: parsed.warnings });
    } else {
      state.phase = 'resolving';
      update();
      const tree = await resolveSpec(options.input.spec, {
        fetchPackument: options.fetchPackument,
        concurrency,
        signal,
        onProgress: (p) => {
          state.progress.resolved = p.resolved;
          update();
        },
      });
      Object.assign(state, {
        source: { kind: 'spec', spec: options.input.spec, root: tree.root },
        entries: tree.entries,
        nonRegistry: tree.nonRegistry,
        unresolved: tree.unresolved,
        peers: tree.peers,
        warnings: tree.warnings,
      });
    }
    state.progress.resolved = state.entries.length;
    const names = [...new Set(state.entries.map((e) => e.name))];
    state.progress.packages = names.length;
    for (const name of names) packages.set(name, { status: 'pending' });
    state.phase = 'fetching';
    update();

    // Verification starts as soon as a package's history is in.
    const verifying: Promise<void>[] = [];
    const verifyOne = async (record: VersionRecord) => {
      const key = `${record.name}@${record.version}`;
      try {
        verifications.set(key, await options.verify(record, signal));
        stamps.set(record.name, (stamps.get(record.name) ?? 0) + 1);
      } catch (error) {
        if (signal.aborted || isAbortError(error) || (error instanceof RegistryError && error.code === 'ABORTED')) throw error;
        // The verifier could not run (a worker crashed, say): the row says why, as the
        // timeline does for attestations it cannot fetch.
        verifications.set(key, {
          name: record.name,
          version: record.version,
          status: 'unavailable',
          unavailableReason: error instanceof Error ? error.message : String(error),
          steps: [],
        });
        stamps.set(record.name, (stamps.get(record.name) ?? 0) + 1);
      }
      state.progress.verified += 1;
      update();
    };
    const entriesByName = new Map<string, LockEntry[]>();
    for (const entry of state.entries) entriesByName.set(entry.name, [...(entriesByName.get(entry.name) ?? []), entry]);

    await pool(names, concurrency, signal, async (name) => {
      try {
        const record = await options.fetchPackage(name, signal);
        packages.set(name, { status: 'loaded', record });
        const versions = new Set<string>();
        for (const entry of entriesByName.get(name) ?? []) {
          versions.add(entry.version);
          for (const earlier of continuityVersions(record, entry.version)) versions.add(earlier);
        }
        for (const version of versions) {
          const versionRecord = record.versions.find((v) => v.version === version);
          if (!versionRecord) continue;
          state.progress.verifications += 1;
          const verification = verifyOne(versionRecord);
          // Awaited below; until then a rejection must not count as unhandled.
          verification.catch(() => undefined);
          verifying.push(verification);
        }
      } catch (error) {
        if (signal.aborted || (error instanceof RegistryError && error.code === 'ABORTED')) throw error;
        const code = error instanceof RegistryError ? error.code : 'NETWORK';
        packages.set(name, { status: 'error', code, message: error instanceof Error ? error.message : String(error) });
      }
      state.progress.fetched += 1;
      update();
    });
    state.phase = 'verifying';
    update();
    await Promise.all(verifying);
    state.phase = 'done';
    update();
    return snapshot();
  } catch (error) {
    if (signal.aborted) throw new RegistryError({ code: 'ABORTED', message: 'The review was cancelled.' });
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

/** Runs `work` over `items`, at most `limit` at a time, stopping at the first abort. */
async function pool<T>(items: T[], limit: number, signal: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      if (signal.aborted) throw new RegistryError({ code: 'ABORTED', message: 'The review was cancelled.' });
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
}
