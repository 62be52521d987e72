import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { previewViews, recordPreview } from '../../core/analysis/analyze-package';
import type { PackageRecord, VersionView } from '../../core/model';
import { packagePreview, subscribePreviews } from '../registry-client';
import { useRegistrySetting } from '../registry-setting';
import { packageQueryOptions } from './package-queries';
import { isAnalysisOf, usePackageAnalysis } from './use-package-analysis';
import { usePackageVerifications } from './use-package-verifications';
import { useStoreInTransition } from '../use-store-in-transition';

/** The package record from the configured registry, without verifying anything. */
export function usePackageRecord(name: string) {
  const { base } = useRegistrySetting();
  const query = useQuery(packageQueryOptions(base, name));
  return { base, query };
}

/**
 * A package as every screen about its history needs it: the packument from the configured
 * registry, its verifications as they stream in, and the analysis of both.
 */
export function usePackage(name: string) {
  const { base, query } = usePackageRecord(name);
  const progress = usePackageVerifications(base, name, query.data);
  const analysis = usePackageAnalysis(query.data, progress);
  // Read in the same render as `analysis` (a newer analysis re-renders this).
  const analysisIsCurrent = isAnalysisOf(query.data, progress.byVersion);
  return { base, query, progress, analysis, analysisIsCurrent };
}

export interface PackagePreviewViews {
  /** The newest versions, as rows before verification and findings. */
  views: VersionView[];
  /** How many versions the package has in all; undefined while the preview is provisional. */
  versionCount: number | undefined;
}

/**
 * The newest versions of a package while it is still being read or analysed: those the
 * registry worker sends ahead of the record (see `packagePreview`), else, once the
 * package's record is here, its own newest (`record`, newest first). The analysis runs in
 * the worker: its round trip and the renders after it took 55–125 ms for a package of a
 * few versions, and the rows waited for it. Undefined before either is there.
 *
 * The worker's preview is rendered as a transition (a render that yields): read with
 * `useSyncExternalStore`, the page rendered it in the task of the preview's message, the
 * package screen's longest task (its script 40–56 ms in the benchmark's runs of
 * 2026-12-02 15:27 UTC). Alternated loads of the derived 20 MB packument, 8 each: that
 * handler in no frame over 50 ms (before: 21–45 ms of script in 6 of 8), first row no
 * later (639 / 641 ms; derived 1.2 MB 460 / 461 ms, 3.3 MB 495 / 504 ms).
 */
export function usePackagePreview(base: string, name: string, record?: PackageRecord): PackagePreviewViews | undefined {
  const preview = useStoreInTransition(
    subscribePreviews,
    useCallback(() => packagePreview(base, name), [base, name]),
  );
  return useMemo(() => {
    if (preview) return { views: previewViews(preview.record.versions), versionCount: preview.versionCount };
    return record ? recordPreview(record) : undefined;
  }, [preview, record]);
}
