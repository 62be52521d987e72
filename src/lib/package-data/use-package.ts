import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { previewViews } from '../../core/analysis/analyze-package';
import type { VersionView } from '../../core/model';
import { packagePreview, subscribePreviews } from '../registry-client';
import { useRegistrySetting } from '../registry-setting';
import { packageQueryOptions } from './package-queries';
import { usePackageAnalysis } from './use-package-analysis';
import { usePackageVerifications } from './use-package-verifications';
import { preloadVerifications } from './verification-store';

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
  const progress = usePackageVerifications(base, query.data);
  const analysis = usePackageAnalysis(query.data, progress);
  return { base, query, progress, analysis };
}

/**
 * Starts what verifying the package waits for (the trusted root, npm's keys, its stored
 * verdicts: `preloadVerifications`) once its screen has rendered, in a task of its own
 * behind the page's work already queued (the rows' render): the package route does not
 * start them during the app's start (app/preload-route.ts says why). Asking again for the
 * same package costs nothing: each is started once.
 */
export function usePreloadVerifications(base: string, name: string): void {
  const { invalid } = useRegistrySetting();
  useEffect(() => {
    // An unusable registry address loads nothing at all, not even the trust material:
    // nothing may leave the page for it.
    if (invalid) return;
    const timer = setTimeout(() => preloadVerifications(base, name), 0);
    return () => clearTimeout(timer);
  }, [base, name, invalid]);
}

export interface PackagePreviewViews {
  /** The newest versions, as rows before verification and findings. */
  views: VersionView[];
  /** How many versions the package has in all; undefined while the preview is provisional. */
  versionCount: number | undefined;
}

/**
 * The newest versions of a large package while it is still being decoded and analysed
 * (see `packagePreview`): undefined for a small package, or before they arrive.
 */
export function usePackagePreview(base: string, name: string): PackagePreviewViews | undefined {
  const preview = useSyncExternalStore(subscribePreviews, () => packagePreview(base, name));
  return useMemo(
    () => (preview ? { views: previewViews(preview.record.versions), versionCount: preview.versionCount } : undefined),
    [preview],
  );
}
