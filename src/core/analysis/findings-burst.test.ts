// publish-burst on the recorded packuments — has-package-exports' 1.2.1 prereleases (a
// burst), @types/node's and create-next-app's multi-line releases (not bursts) — and on
// DERIVED versions copied from recorded vue versions with new numbers and times.
import { describe, expect, it } from 'vitest';
import type { Finding, PackageAnalysis, PackageRecord, VersionRecord } from '../model';
import { derivedVersion, loadPackument, withVersions } from '../../../test/support/derived-record';
import { derivedLookup } from '../../../test/support/derived-verification';
import { listFixtures } from '../../../test/support/fixtures';
import { analyzePackage } from './analyze-package';
import { BURST_MIN_VERSIONS, BURST_WINDOW_MS } from './findings-burst';

const ofKind = (a: PackageAnalysis, kind: Finding['kind']) => a.findings.filter((f) => f.kind === kind);
const bursts = (pkg: PackageRecord) => ofKind(analyzePackage(pkg, derivedLookup(pkg)), 'publish-burst');

const vue = loadPackument('vue');
const base = vue.versions.find((v) => v.version === '3.5.27')!;

/** DERIVED: vue versions copied from 3.5.27, published at the given offsets (minutes) after `start`. */
function vueWithVersions(start: string, entries: [version: string, minutes: number][]): PackageRecord {
  const extra: VersionRecord[] = entries.map(([version, minutes]) =>
    derivedVersion(base, {
      version,
      distTags: [],
      publishedAt: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
      dist: { ...base.dist, integrity: `sha512-derived-${version}`, attestations: undefined },
    }),
  );
  return withVersions(vue, extra);
}

describe('publish bursts on the recorded packuments', () => {
  it('has-package-exports: 1.2.1-alpha.1 to 1.2.1 within 10 minutes 41 seconds → one info burst', () => {
    expect(bursts(loadPackument('has-package-exports'))).toEqual([
      {
        kind: 'publish-burst',
        severity: 'info',
        versions: ['1.2.1', '1.2.1-alpha.3', '1.2.1-alpha.2', '1.2.1-alpha.1'],
        message:
          '1.2.1-alpha.1, 1.2.1-alpha.2, 1.2.1-alpha.3 and 1.2.1 of the 1.2.x line were published within 10 minutes ' +
          '41 seconds (2020-10-09 05:54 UTC to 06:05 UTC). They are prerelease iterations (at most one stable ' +
          'release among them). Several versions of one line in minutes usually mean a release retried or fixed at ' +
          'once, or a script publishing in a loop; release scripts that publish several lines or dist-tags at once ' +
          'are normal and are not counted (only versions of the one 1.2.x line are).',
      },
    ]);
  });

  it('@types/node: three lines released within a minute, twice, are no burst', () => {
    const types = loadPackument('@types/node');
    const times = (vs: string[]) => vs.map((v) => types.versions.find((r) => r.version === v)!.publishedAt);
    expect(times(['25.0.9', '24.10.9', '22.19.7'])).toEqual([
      '2026-01-15T17:09:04.681Z',
      '2026-01-15T17:09:33.778Z',
      '2026-01-15T17:09:44.127Z',
    ]);
    expect(times(['24.10.10', '22.19.8', '20.19.31'])).toEqual([
      '2026-02-03T08:44:34.645Z',
      '2026-02-03T08:44:38.216Z',
      '2026-02-03T08:44:41.502Z',
    ]);
    expect(bursts(types)).toEqual([]);
  });

  it('create-next-app: the 15.3.9 / 15.2.9 / 15.1.12 / 15.0.8 backports within 8 minutes are four minor lines, no burst', () => {
    const nextApp = loadPackument('create-next-app');
    const at = (v: string) => Date.parse(nextApp.versions.find((r) => r.version === v)!.publishedAt!);
    expect(at('15.0.8') - at('15.3.9')).toBeLessThan(BURST_WINDOW_MS);
    expect(bursts(nextApp)).toEqual([]);
  });

  it('only has-package-exports has a burst among the recorded packuments', () => {
    const found = listFixtures('registry/packuments').flatMap((file) => {
      const name = file.replace(/\.json$/, '').replace('_', '/');
      return bursts(loadPackument(name)).map(() => name);
    });
    expect(found).toEqual(['has-package-exports']);
  });
});

describe('publish bursts (derived versions)', () => {
  it('derived: three stable 3.5.x patches within five minutes → low', () => {
    const pkg = vueWithVersions('2026-01-20T10:00:00.000Z', [
      ['3.5.28', 0],
      ['3.5.29', 2],
      ['3.5.30', 5],
    ]);
    expect(bursts(pkg)).toEqual([
      {
        kind: 'publish-burst',
        severity: 'low',
        versions: ['3.5.30', '3.5.29', '3.5.28'],
        message:
          '3.5.28, 3.5.29 and 3.5.30 of the 3.5.x line were published within 5 minutes (2026-01-20 10:00 UTC to ' +
          '10:05 UTC). 3 of them are stable releases that superseded each other within minutes, so installs with a ' +
          'version range got different code from one minute to the next. Several versions of one line in minutes ' +
          'usually mean a release retried or fixed at once, or a script publishing in a loop; release scripts that ' +
          'publish several lines or dist-tags at once are normal and are not counted (only versions of the one 3.5.x ' +
          'line are).',
      },
    ]);
  });

  it(`derived: ${BURST_MIN_VERSIONS - 1} versions in minutes, or ${BURST_MIN_VERSIONS} spread over more than the window, are no burst`, () => {
    expect(
      bursts(
        vueWithVersions('2026-01-20T10:00:00.000Z', [
          ['3.5.28', 0],
          ['3.5.29', 1],
        ]),
      ),
    ).toEqual([]);
    expect(
      bursts(
        vueWithVersions('2026-01-20T10:00:00.000Z', [
          ['3.5.28', 0],
          ['3.5.29', 6],
          ['3.5.30', 10.01],
        ]),
      ),
    ).toEqual([]);
    // Exactly the window is still a burst.
    expect(
      bursts(
        vueWithVersions('2026-01-20T10:00:00.000Z', [
          ['3.5.28', 0],
          ['3.5.29', 6],
          ['3.5.30', 10],
        ]),
      ),
    ).toHaveLength(1);
  });

  it('derived: versions of several majors and minors at once (a multi-line release) are no burst', () => {
    const pkg = vueWithVersions('2026-01-20T10:00:00.000Z', [
      ['3.5.28', 0],
      ['3.4.39', 0.5],
      ['2.7.17', 1],
      ['3.6.0-beta.6', 1.5],
    ]);
    expect(bursts(pkg)).toEqual([]);
  });

  it('derived: overlapping windows make one burst; a later one in the same line is another', () => {
    const pkg = vueWithVersions('2026-01-20T10:00:00.000Z', [
      ['3.5.28', 0],
      ['3.5.29', 8],
      ['3.5.30', 9],
      ['3.5.31', 17],
      ['3.5.32', 18],
      // an hour later
      ['3.5.33', 78],
      ['3.5.34', 79],
      ['3.5.35', 80],
    ]);
    // Newest first, as analyzePackage orders findings of one severity.
    expect(bursts(pkg).map((f) => f.versions)).toEqual([
      ['3.5.35', '3.5.34', '3.5.33'],
      ['3.5.32', '3.5.31', '3.5.30', '3.5.29', '3.5.28'],
    ]);
  });

  it('derived: a long burst lists its ends and counts the middle; every version is named for the timeline', () => {
    const entries: [string, number][] = Array.from({ length: 30 }, (_, i) => [`3.5.${28 + i}`, i * 0.25]);
    const [finding] = bursts(vueWithVersions('2026-01-20T10:00:00.000Z', entries));
    expect(finding?.versions).toHaveLength(30);
    expect(finding?.message).toMatch(
      /^3\.5\.28, 3\.5\.29, 3\.5\.30, 3\.5\.31, … \(25 more\) and 3\.5\.57 of the 3\.5\.x line/,
    );
  });

  it('derived: a burst across midnight gives both dates', () => {
    const [finding] = bursts(
      vueWithVersions('2026-01-20T23:58:00.000Z', [
        ['3.5.28', 0],
        ['3.5.29', 2],
        ['3.5.30', 4],
      ]),
    );
    expect(finding?.message).toContain('(2026-01-20 23:58 UTC to 2026-01-21 00:02 UTC)');
  });
});
