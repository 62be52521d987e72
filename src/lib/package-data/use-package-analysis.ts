import { startTransition, useEffect, useMemo, useState } from 'react';
import { applyAnalysisDeltaInSteps, decodeAnalysisDeltaInSteps } from '../../core/analysis/analysis-facts';
import { analyzePackage, analyzePackageInSteps } from '../../core/analysis/analyze-package';
import type { PackageAnalysis, PackageRecord, VersionVerification } from '../../core/model';
import { analyzeInWorker, endAnalysisInWorker } from '../registry-client';
import { runInSlices } from '../slices';
import { nextJobId } from '../worker-rpc';
import type { VerificationProgress } from './use-package-verifications';

/** Up to this many versions the fallback analysis runs in one go (a few milliseconds). */
const SYNC_UP_TO = 400;
/** A slice of the fallback analysis stops after this long, then lets the page breathe. */
const SLICE_MS = 8;
/**
 * The longest the first analysis waits for the verdicts kept from an earlier visit (see
 * `usePackageAnalysis`): they wait for the trusted root and npm's keys, whose refresh from
 * a slow TUF repository or registry may take seconds; the page's summary and findings do
 * not wait for that.
 */
export const STORED_VERDICTS_WAIT_MS = 2000;

/**
 * The analysis, recomputed when a new batch of verification results arrives (the
 * progress store batches them). It runs in the registry worker, which holds the full
 * record: only the results that are new since the last batch go there, and only the
 * analysis's facts that changed come back, joined here with the records and
 * verifications the main thread already holds (an unchanged version keeps its view
 * object). The previous result stays on screen until the next is in.
 */
export function usePackageAnalysis(
  pkg: PackageRecord | undefined,
  progress: VerificationProgress,
): PackageAnalysis | undefined {
  const [, setResult] = useState<PackageAnalysis>();
  const session = useMemo(() => (pkg ? new AnalysisSession(pkg) : undefined), [pkg]);
  // The session that gave up waiting for the kept verdicts (below).
  const [waitedOut, setWaitedOut] = useState<AnalysisSession>();
  const ready = progress.storedVerdictsRead || (session !== undefined && waitedOut === session);

  // The first analysis waits until the verdicts kept from an earlier visit are read back
  // (on a first visit, until the database said there are none: a read of IndexedDB), at
  // most STORED_VERDICTS_WAIT_MS. On a revisit the analysis without them was work thrown
  // away on the main thread and in the registry worker while the verdicts were on their
  // way, and the page switched from the preview to its whole layout twice: a revisit's
  // first row → every verdict, medians of alternated series of 10: 446 → 371 ms on a slower
  // machine, 293 → 276 and 276 → 252 ms on a faster one. A first visit's first row, summary
  // and timeline are as before (alternated, 10 each: 293/485/606 → 291/480/609 ms).
  useEffect(() => {
    if (!session || progress.storedVerdictsRead) return;
    const timer = setTimeout(() => setWaitedOut(session), STORED_VERDICTS_WAIT_MS);
    return () => clearTimeout(timer);
  }, [session, progress.storedVerdictsRead]);

  useEffect(() => {
    if (!session || !ready) return;
    // Another screen of this package analysed these same results already.
    const newest = newestAnalyses.get(session.pkg);
    if (newest && sameResults(newest.byVersion, progress.byVersion)) return;
    session.update(progress.byVersion, (analysis, byVersion) => {
      newestAnalyses.set(session.pkg, { byVersion, analysis });
      // A transition: React renders the new analysis in slices, never in one long task.
      startTransition(() => setResult(analysis));
    });
  }, [session, ready, progress.byVersion]);
  useEffect(() => () => session?.reset(), [session]);

  // Only this package's (the route may have changed).
  return pkg ? newestAnalyses.get(pkg)?.analysis : undefined;
}

/** Whether the package's newest analysis (by any screen) was made from these verification results. */
export function isAnalysisOf(
  pkg: PackageRecord | undefined,
  byVersion: ReadonlyMap<string, VersionVerification>,
): boolean {
  const newest = pkg ? newestAnalyses.get(pkg) : undefined;
  return newest !== undefined && sameResults(newest.byVersion, byVersion);
}

/** The same versions with the same result objects (each screen's progress store has maps of its own). */
function sameResults(
  a: ReadonlyMap<string, VersionVerification>,
  b: ReadonlyMap<string, VersionVerification>,
): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [version, result] of a) if (b.get(version) !== result) return false;
  return true;
}

/**
 * The newest analysis of each package record held, and the verification results it was
 * made from, across screens: the next screen of the same package (a version, a
 * comparison) shows it at once instead of analysing thousands of versions again (about
 * 250 ms for 3,000). As within a screen, an analysis stays on screen until the next,
 * with newer results, is in; it is made again only when the results changed.
 */
const newestAnalyses = new WeakMap<
  PackageRecord,
  { byVersion: ReadonlyMap<string, VersionVerification>; analysis: PackageAnalysis }
>();

/** One package's analysis in the worker: one request at a time, the newest results next. */
class AnalysisSession {
  private readonly id = nextJobId('analysis');
  /** What the worker's session has seen. */
  private readonly sent = new Map<string, VersionVerification>();
  /** The last analysis built from the worker's answers (which the next answer changes). */
  private current: PackageAnalysis | undefined;
  private indexes: Map<string, number> | undefined;
  private latest: ReadonlyMap<string, VersionVerification> | undefined;
  private onResult:
    ((analysis: PackageAnalysis, byVersion: ReadonlyMap<string, VersionVerification>) => void) | undefined;
  private running = false;
  /** Bumped by `reset`: a request from before it is not shown. */
  private generation = 0;

  constructor(readonly pkg: PackageRecord) {}

  /** `onResult` gets each analysis with the results it was made from. */
  update(
    byVersion: ReadonlyMap<string, VersionVerification>,
    onResult: (analysis: PackageAnalysis, byVersion: ReadonlyMap<string, VersionVerification>) => void,
  ): void {
    this.latest = byVersion;
    this.onResult = onResult;
    if (!this.running) void this.run();
  }

  /** Forgets everything sent (the screen unmounted, or React re-runs its effects). */
  reset(): void {
    this.generation += 1;
    this.sent.clear();
    this.current = undefined;
    this.latest = undefined;
    this.running = false;
    endAnalysisInWorker(this.id);
  }

  private async run(): Promise<void> {
    const generation = this.generation;
    this.running = true;
    while (this.latest && generation === this.generation) {
      const snapshot = this.latest;
      this.latest = undefined;
      const added: VersionVerification[] = [];
      for (const [version, result] of snapshot) {
        if (this.sent.get(version) !== result) {
          this.sent.set(version, result);
          added.push(result);
        }
      }
      // Read only until the next request (one at a time) changes it.
      const seen = this.sent;
      const verificationOf = (version: string) => seen.get(version);
      let analysis: PackageAnalysis;
      try {
        const encoded = await analyzeInWorker(this.id, this.pkg, added);
        if (generation !== this.generation) return;
        this.indexes ??= new Map(this.pkg.versions.map((record, index) => [record.version, index]));
        const indexes = this.indexes;
        const touched = added.map((result) => indexes.get(result.version)).filter((index) => index !== undefined);
        if (!encoded) throw new Error('The registry worker no longer holds the record.');
        // Decoded and applied in slices: the first answer rebuilds thousands of views.
        const { pkg, current } = this;
        analysis = await runInSlices(
          (function* () {
            const delta = yield* decodeAnalysisDeltaInSteps(encoded);
            return yield* applyAnalysisDeltaInSteps(current, delta, pkg.versions, verificationOf, touched);
          })(),
          SLICE_MS,
        );
        if (generation !== this.generation) return;
        this.current = analysis;
      } catch {
        // The worker failed or forgot the record: the analysis runs here, and the worker's
        // session starts again from nothing next time.
        this.current = undefined;
        this.sent.clear();
        endAnalysisInWorker(this.id);
        analysis = await analyzeHere(this.pkg, verificationOf);
      }
      if (generation !== this.generation) return;
      this.onResult?.(analysis, snapshot);
    }
    if (generation === this.generation) this.running = false;
  }
}

/**
 * The analysis on the main thread, when the worker no longer holds the record: in one go
 * for a small package, else in slices between tasks.
 */
async function analyzeHere(
  pkg: PackageRecord,
  verificationOf: (version: string) => VersionVerification | undefined,
): Promise<PackageAnalysis> {
  if (pkg.versions.length <= SYNC_UP_TO) return analyzePackage(pkg, verificationOf);
  return runInSlices(analyzePackageInSteps(pkg, verificationOf), SLICE_MS);
}
