import { useState } from 'react';
import type { VersionRecord, VersionView } from '../../core/model';

/**
 * The versions' records, as the same array for as long as they are the same records.
 * The analysis is rebuilt every time verification results arrive, but the records in
 * it are not: what depends only on them (the cadence chart) is then not redrawn.
 */
export function useStableRecords(versions: readonly VersionView[]): readonly VersionRecord[] {
  const [records, setRecords] = useState<readonly VersionRecord[]>(() => versions.map((view) => view.record));
  const same = records.length === versions.length && versions.every((view, i) => view.record === records[i]);
  if (same) return records;
  // New records (another package, a refetch): keep them for the next renders.
  const next = versions.map((view) => view.record);
  setRecords(next);
  return next;
}
