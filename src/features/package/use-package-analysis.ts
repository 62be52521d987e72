import { useMemo } from 'react';
import { analyzePackage } from '../../core/analysis/analyze-package';
import type { PackageAnalysis, PackageRecord } from '../../core/model';
import type { VerificationProgress } from './use-package-verifications';

/** The analysis, recomputed when a new batch of verification results arrives. */
export function usePackageAnalysis(
  pkg: PackageRecord | undefined,
  progress: VerificationProgress,
): PackageAnalysis | undefined {
  return useMemo(
    () => (pkg ? analyzePackage(pkg, (version) => progress.byVersion.get(version)) : undefined),
    [pkg, progress.byVersion],
  );
}
