import type { PackageAnalysis } from '../../../core/model';

/** Charts of the history, above the timeline. Loaded lazily (recharts is large). */
export default function PackageCharts({ analysis, packageName }: { analysis: PackageAnalysis; packageName: string }) {
  void analysis;
  void packageName;
  return null;
}
