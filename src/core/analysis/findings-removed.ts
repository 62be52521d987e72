// version-removed: a version the packument's `time` map still lists but `versions` no
// longer holds (PackageRecord.removedVersions): it was published, then unpublished or
// taken down. npm lets a maintainer unpublish a version only within 72 hours of
// publishing it (later, only npm support can), and a version number can never be
// reused, so a removed version often marks a botched release or a malicious one
// taken down.
//
// We cannot know when it was removed, only when it was published and what followed:
//   low     a later stable version of the same release line followed within 72 hours
//           (npm's self-service unpublish window): the picture of a broken release
//           replaced at once, and version ranges moved on to the replacement whatever
//           happened to the removed one; also a prerelease (ranges never select one),
//           a version that is not semver, or one that was not the highest stable
//           version of its line when published (e.g. a backport);
//   medium  a stable release that was the highest of its line when published, with no
//           stable version of the line within 72 hours after it: `npm install` with a
//           range resolved to it until it was removed, at a time nobody can tell here.
// The finding names the versions published just before and after it.
import semverGt from 'semver/functions/gt.js';
import semverValid from 'semver/functions/valid.js';
import type { Finding, PackageRecord, Severity, VersionView } from '../model';
import { duration, timeOf, utc } from './findings-text';
import { releaseLineOf } from './trust-level';

export const REPLACEMENT_WINDOW_MS = 72 * 60 * 60 * 1000;

interface Dated {
  view: VersionView;
  at: number;
}

export function findRemovedVersions(history: VersionView[], removed: PackageRecord['removedVersions']): Finding[] {
  if (removed.length === 0) return [];
  // Present versions with a publish time, oldest first; and per release line its stable
  // versions (a version range never selects a prerelease), each with the highest stable
  // version of the line so far (a running maximum).
  const dated: Dated[] = history
    .map((view) => ({ view, at: timeOf(view.record.publishedAt) }))
    .filter((d) => Number.isFinite(d.at))
    .sort((a, b) => a.at - b.at);
  const byLine = new Map<string, { items: Dated[]; highest: (string | undefined)[] }>();
  for (const d of dated) {
    if (d.view.prerelease) continue;
    const line = byLine.get(d.view.releaseLine) ?? { items: [], highest: [] };
    const prevHighest = line.highest.at(-1);
    const own = semverValid(d.view.record.version) ?? undefined;
    line.items.push(d);
    line.highest.push(!own ? prevHighest : !prevHighest || semverGt(own, prevHighest) ? own : prevHighest);
    byLine.set(d.view.releaseLine, line);
  }

  const findings: Finding[] = [];
  for (const entry of removed) {
    const at = timeOf(entry.publishedAt);
    const { line, prerelease } = releaseLineOf(entry.version);
    const whenText = Number.isFinite(at) ? `published ${utc(at)}` : `published at a time the registry does not give`;
    const intro =
      `${entry.version} was ${whenText} and later removed: the registry still lists its publish time, but its ` +
      'manifest and tarball are gone. npm allows unpublishing only within 72 hours of publishing (later only with ' +
      'npm support), so a removed version often marks a botched or a malicious release.';
    if (!Number.isFinite(at)) {
      findings.push({ kind: 'version-removed', severity: 'low', versions: [entry.version], message: intro });
      continue;
    }
    const index = firstAfter(dated, at);
    const before = dated[index - 1];
    const after = dated[index];
    // For a stable version: the next stable version of its line, and the highest before it.
    const lineItems = prerelease ? undefined : byLine.get(line);
    const lineIndex = lineItems ? firstAfter(lineItems.items, at) : 0;
    const nextInLine = lineItems?.items[lineIndex];
    const highestBefore = lineItems?.highest[lineIndex - 1];
    const own = semverValid(entry.version);
    const replacedSoon = nextInLine !== undefined && nextInLine.at - at <= REPLACEMENT_WINDOW_MS;
    const wasHighest = own !== null && (!highestBefore || semverGt(own, highestBefore));

    let context = '';
    if (before && after) {
      context =
        ` It was published between ${before.view.record.version} (${duration(at - before.at)} before it) and ` +
        `${after.view.record.version} (${duration(after.at - at)} after it).`;
    } else if (before) {
      context = ` The version published before it was ${before.view.record.version}, ${duration(at - before.at)} earlier; none followed.`;
    } else if (after) {
      context = ` It was the first version published; ${after.view.record.version} followed ${duration(after.at - at)} later.`;
    }

    let severity: Severity = 'low';
    let judgement: string;
    if (replacedSoon) {
      const next = nextInLine.view.record.version;
      judgement =
        (next === after?.view.record.version
          ? ` ${next} is the next stable version of its line, within 72 hours`
          : ` The next stable version of its line, ${next}, followed ${duration(nextInLine.at - at)} later, within 72 hours`) +
        ': the picture of a broken release replaced at once.';
    } else if (own === null) {
      judgement = ' It is not a semver version, so no version range could have selected it.';
    } else if (prerelease) {
      judgement = ' It is a prerelease, which version ranges do not select, so few installs can have used it.';
    } else if (!wasHighest) {
      judgement = ` It was not the highest version of its line when published (${highestBefore} was), so version ranges did not select it.`;
    } else {
      severity = 'medium';
      judgement =
        ' It was the highest version of its line when published and no stable version of the line followed within 72 hours, ' +
        'so installs with a version range resolved to it until it was removed; check the package’s advisories and ' +
        'changelog for why it was pulled.';
    }
    const versions = [entry.version];
    for (const d of [before, after, nextInLine]) {
      if (d && !versions.includes(d.view.record.version)) versions.push(d.view.record.version);
    }
    findings.push({ kind: 'version-removed', severity, versions, message: `${intro}${context}${judgement}` });
  }
  return findings;
}

/** Index of the first item published after `at` (binary search; items oldest first). */
function firstAfter(items: Dated[], at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as Dated).at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
