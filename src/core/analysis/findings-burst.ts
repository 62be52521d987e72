// publish-burst: several versions of ONE minor line (`1.2.x`, with its prereleases such
// as `1.2.1-alpha.3`) published within minutes of each other: at least BURST_MIN_VERSIONS
// within any BURST_WINDOW_MS; overlapping windows make one burst.
//
// Why a minor line, not the major that the other rules call a release line: release
// scripts routinely publish several lines at once — @types/node publishes 25.0.9,
// 24.10.9 and 22.19.7 within a minute, create-next-app published the 15.3.9, 15.2.9,
// 15.1.12 and 15.0.8 backports within eight minutes — and each of those versions is the
// head of its own line, superseding nothing. Versions of one minor line supersede each
// other: three of them in ten minutes means a release retried or fixed at once, or a
// script publishing in a loop, or someone with a token pushing versions.
// Why three in ten minutes: a prerelease promoted to stable, or a release and its quick
// fix, make two; a third within ten minutes is beyond a normal release's rhythm (the
// recorded release workflows publish one version per run, minutes to hours apart).
//
// Severities: info for prerelease iterations (at most one stable version in the burst);
// low when two or more stable versions superseded each other, because then installs
// with a version range got different code from one minute to the next.
// Publish times come from the registry's `time` map (set by the registry at publish).
import semverParse from 'semver/functions/parse.js';
import type { Finding, VersionView } from '../model';
import { duration, listText, timeOf, utc } from './findings-text';

export const BURST_MIN_VERSIONS = 3;
export const BURST_WINDOW_MS = 10 * 60 * 1000;

interface Dated {
  view: VersionView;
  at: number;
}

export function findPublishBursts(history: VersionView[]): Finding[] {
  const lines = new Map<string, Dated[]>();
  for (const view of history) {
    const at = timeOf(view.record.publishedAt);
    const parsed = semverParse(view.record.version);
    if (!parsed || !Number.isFinite(at)) continue;
    const key = `${parsed.major}.${parsed.minor}`;
    const items = lines.get(key) ?? [];
    items.push({ view, at });
    lines.set(key, items);
  }
  const findings: Finding[] = [];
  for (const [line, unsorted] of lines) {
    if (unsorted.length < BURST_MIN_VERSIONS) continue;
    const items = unsorted.sort((a, b) => a.at - b.at);
    // Two pointers: for each start, the furthest item within the window; windows with
    // enough versions are merged while they overlap.
    let end = 0;
    let burst: { from: number; to: number } | undefined;
    for (let start = 0; start < items.length; start++) {
      if (end < start) end = start;
      while (end + 1 < items.length && (items[end + 1] as Dated).at - (items[start] as Dated).at <= BURST_WINDOW_MS)
        end++;
      if (end - start + 1 < BURST_MIN_VERSIONS) continue;
      if (burst && start <= burst.to) burst.to = Math.max(burst.to, end);
      else {
        if (burst) findings.push(toFinding(line, items.slice(burst.from, burst.to + 1)));
        burst = { from: start, to: end };
      }
    }
    if (burst) findings.push(toFinding(line, items.slice(burst.from, burst.to + 1)));
  }
  return findings;
}

function toFinding(line: string, items: Dated[]): Finding {
  const first = items[0] as Dated;
  const last = items.at(-1) as Dated;
  const stables = items.filter((d) => !d.view.prerelease).length;
  const names = items.map((d) => d.view.record.version);
  const span = last.at - first.at;
  const message =
    `${listText(names)} of the ${line}.x line were published within ${duration(span)} ` +
    `(${utc(first.at)} to ${sameDay(first.at, last.at) ? utc(last.at).slice(11) : utc(last.at)}). ` +
    (stables >= 2
      ? `${stables} of them are stable releases that superseded each other within minutes, so installs with a version ` +
        'range got different code from one minute to the next. '
      : 'They are prerelease iterations (at most one stable release among them). ') +
    'Several versions of one line in minutes usually mean a release retried or fixed at once, or a script publishing ' +
    'in a loop; release scripts that publish several lines or dist-tags at once are normal and are not counted ' +
    `(only versions of the one ${line}.x line are).`;
  return {
    kind: 'publish-burst',
    severity: stables >= 2 ? 'low' : 'info',
    // The subject is the burst's last version, then the others, newest first.
    versions: [...names].reverse(),
    message,
  };
}

function sameDay(a: number, b: number): boolean {
  return new Date(a).toISOString().slice(0, 10) === new Date(b).toISOString().slice(0, 10);
}
