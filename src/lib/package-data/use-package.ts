import { useQuery } from '@tanstack/react-query';
import { useRegistrySetting } from '../registry-setting';
import { packageQueryOptions } from './package-queries';
import { usePackageAnalysis } from './use-package-analysis';
import { usePackageVerifications } from './use-package-verifications';

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
