import { useEffect, useMemo, useState } from 'react';
import { analyzePackage, analyzePackageInSteps } from '../../core/analysis/analyze-package';
import type { PackageAnalysis, PackageRecord } from '../../core/model';
import type { VerificationProgress } from './use-package-verifications';

/** Up to this many versions the analysis runs in one go (a few milliseconds). */
const SYNC_UP_TO = 400;
/** A slice of the stepwise analysis stops after this long, then lets the page breathe. */
const SLICE_MS = 8;

/**
 * The analysis, recomputed when a new batch of verification results arrives. For a large
 * package it runs in slices between frames, and the previous result stays on screen
 * until the new one is complete, so the page never freezes while thousands of versions
 * are re-assessed.
 */
export function usePackageAnalysis(
  pkg: PackageRecord | undefined,
  progress: VerificationProgress,
): PackageAnalysis | undefined {
  const small = pkg !== undefined && pkg.versions.length <= SYNC_UP_TO;
  const immediate = useMemo(
    () => (pkg && small ? analyzePackage(pkg, (version) => progress.byVersion.get(version)) : undefined),
    [pkg, small, progress.byVersion],
  );
  const [sliced, setSliced] = useState<{ pkg: PackageRecord; analysis: PackageAnalysis }>();

  useEffect(() => {
    if (!pkg || small) return;
    const steps = analyzePackageInSteps(pkg, (version) => progress.byVersion.get(version));
    let cancelled = false;
    const slice = () => {
      if (cancelled) return;
      const deadline = performance.now() + SLICE_MS;
      for (;;) {
        const step = steps.next();
        if (step.done) {
          setSliced({ pkg, analysis: step.value });
          return;
        }
        if (performance.now() >= deadline) break;
      }
      yieldToBrowser(slice);
    };
    yieldToBrowser(slice);
    return () => {
      cancelled = true;
    };
  }, [pkg, small, progress.byVersion]);

  if (small) return immediate;
  // A result for another package (the route changed) is never shown.
  return sliced && sliced.pkg === pkg ? sliced.analysis : undefined;
}

/** Runs `next` in a new task, without setTimeout's 4 ms clamp for nested timers. */
function yieldToBrowser(next: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    next();
  };
  channel.port2.postMessage(undefined);
}
