// What the timeline's filters offer and select. Pure, so the screen only renders.
import semverRcompare from 'semver/functions/rcompare.js';
import semverValid from 'semver/functions/valid.js';
import type { TrustLevel, VersionView } from '../model';

export interface TimelineFilter {
  /** A release line (`3`, `0`), or undefined for all. */
  line?: string;
  trust?: TrustLevel;
}

export function filterVersions(versions: VersionView[], filter: TimelineFilter): VersionView[] {
  if (!filter.line && !filter.trust) return versions;
  return versions.filter(
    (view) => (!filter.line || view.releaseLine === filter.line) && (!filter.trust || view.trust === filter.trust),
  );
}

/** Release lines with their version counts, highest line first. */
export function releaseLines(versions: VersionView[]): { line: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const view of versions) counts.set(view.releaseLine, (counts.get(view.releaseLine) ?? 0) + 1);
  return [...counts.entries()]
    .map(([line, count]) => ({ line, count }))
    .sort((a, b) => {
      const na = Number(a.line);
      const nb = Number(b.line);
      if (Number.isInteger(na) && Number.isInteger(nb)) return nb - na;
      if (Number.isInteger(na)) return -1;
      if (Number.isInteger(nb)) return 1;
      return semverValid(a.line) && semverValid(b.line) ? semverRcompare(a.line, b.line) : a.line.localeCompare(b.line);
    });
}

/** Each version's predecessor in publish order (versions come newest first). */
export function previousVersions(versions: VersionView[]): Map<string, string> {
  const previous = new Map<string, string>();
  for (let i = 0; i < versions.length - 1; i++) {
    const view = versions[i];
    const before = versions[i + 1];
    if (view && before) previous.set(view.record.version, before.record.version);
  }
  return previous;
}
