// version-removed on the recorded tweetnacl packument (its `time` lists 0.9.0, which
// `versions` does not hold) and on DERIVED removals: a copy of the recorded vue
// packument with entries added to removedVersions, as each test says.
import { describe, expect, it } from 'vitest';
import type { Finding, PackageAnalysis, PackageRecord } from '../model';
import { derivedVersion, loadPackument, withVersions } from '../../../test/support/derived-record';
import { derivedLookup } from '../../../test/support/derived-verification';
import { listFixtures } from '../../../test/support/fixtures';
import { analyzePackage } from './analyze-package';

const ofKind = (a: PackageAnalysis, kind: Finding['kind']) => a.findings.filter((f) => f.kind === kind);
const removedFindings = (pkg: PackageRecord) => ofKind(analyzePackage(pkg, derivedLookup(pkg)), 'version-removed');

const vue = loadPackument('vue');

/** DERIVED: vue with the given versions listed as removed (in `time`, not in `versions`). */
function vueRemoving(...removed: { version: string; publishedAt: string }[]): PackageRecord {
  return { ...vue, removedVersions: removed };
}

const INTRO = (version: string, when: string) =>
  `${version} was published ${when} and later removed: the registry still lists its publish time, but its manifest ` +
  'and tarball are gone. npm allows unpublishing only within 72 hours of publishing (later only with npm support), ' +
  'so a removed version often marks a botched or a malicious release.';

describe('removed versions on the recorded packuments', () => {
  it('tweetnacl 0.9.0, replaced by 0.9.1 nine minutes later → low', () => {
    const tweetnacl = loadPackument('tweetnacl');
    expect(tweetnacl.removedVersions).toEqual([{ version: '0.9.0', publishedAt: '2014-07-08T17:17:59.887Z' }]);
    expect(removedFindings(tweetnacl)).toEqual([
      {
        kind: 'version-removed',
        severity: 'low',
        versions: ['0.9.0', '0.9.1'],
        message:
          INTRO('0.9.0', '2014-07-08 17:17 UTC') +
          ' It was the first version published; 0.9.1 followed 9 minutes 3 seconds later. 0.9.1 is the next stable ' +
          'version of its line, within 72 hours: the picture of a broken release replaced at once.',
      },
    ]);
  });

  it('no other recorded packument has a removed version', () => {
    for (const file of listFixtures('registry/packuments')) {
      const name = file.replace(/\.json$/, '').replace('_', '/');
      if (name === 'tweetnacl') continue;
      expect(removedFindings(loadPackument(name)), name).toEqual([]);
    }
  });
});

describe('removed versions (derived)', () => {
  it('derived: a removed 3.5.28 that was the highest 3.x stable, with no stable after it → medium', () => {
    const findings = removedFindings(vueRemoving({ version: '3.5.28', publishedAt: '2026-01-20T10:00:00.000Z' }));
    expect(findings).toEqual([
      {
        kind: 'version-removed',
        severity: 'medium',
        versions: ['3.5.28', '3.5.27', '3.6.0-beta.4'],
        message:
          INTRO('3.5.28', '2026-01-20 10:00 UTC') +
          ' It was published between 3.5.27 (27 hours 26 minutes before it) and 3.6.0-beta.4 (2 days 20 hours after ' +
          'it). It was the ' +
          'highest version of its line when published and no stable version of the line followed within 72 hours, ' +
          'so installs with a version range resolved to it until it was removed; check the package’s advisories and ' +
          'changelog for why it was pulled.',
      },
    ]);
  });

  it('derived: the same, replaced by a 3.5.29 two hours later → low, naming the replacement', () => {
    // DERIVED: 3.5.29 copied from 3.5.27, published two hours after the removed 3.5.28.
    const v3529 = derivedVersion(
      vue.versions.find((v) => v.version === '3.5.27')!,
      {
        version: '3.5.29',
        distTags: [],
        publishedAt: '2026-01-20T12:00:00.000Z',
      },
    );
    const pkg = {
      ...withVersions(vue, [v3529]),
      removedVersions: [{ version: '3.5.28', publishedAt: '2026-01-20T10:00:00.000Z' }],
    };
    const [finding] = removedFindings(pkg);
    expect(finding).toMatchObject({ severity: 'low', versions: ['3.5.28', '3.5.27', '3.5.29'] });
    expect(finding?.message).toContain(
      '3.5.29 is the next stable version of its line, within 72 hours: the picture of a broken release replaced at once.',
    );
  });

  it('derived: a removed prerelease → low (ranges never select one)', () => {
    const [finding] = removedFindings(
      vueRemoving({ version: '3.6.0-beta.6', publishedAt: '2026-02-01T00:00:00.000Z' }),
    );
    expect(finding).toMatchObject({ severity: 'low', versions: ['3.6.0-beta.6', '3.6.0-beta.5'] });
    expect(finding?.message).toContain(
      'The version published before it was 3.6.0-beta.5, 42 hours 3 minutes earlier; none followed. It is a prerelease, which ' +
        'version ranges do not select, so few installs can have used it.',
    );
  });

  it('derived: a removed backport that was not the highest of its line → low, naming the higher one', () => {
    const [finding] = removedFindings(vueRemoving({ version: '3.4.99', publishedAt: '2026-01-21T00:00:00.000Z' }));
    expect(finding?.severity).toBe('low');
    expect(finding?.message).toContain('It was not the highest version of its line when published (3.5.27 was)');
  });

  it('derived: a removed version whose time is not a date → low, with what is known', () => {
    const [finding] = removedFindings(vueRemoving({ version: '9.9.9', publishedAt: 'yesterday' }));
    expect(finding).toEqual({
      kind: 'version-removed',
      severity: 'low',
      versions: ['9.9.9'],
      message: INTRO('9.9.9', 'at a time the registry does not give'),
    });
  });

  it('derived: a removed version sorts among the findings by its publish time; neighbours index it', () => {
    const pkg = vueRemoving(
      { version: '3.5.28', publishedAt: '2026-01-20T10:00:00.000Z' },
      { version: '1.0.0-removed', publishedAt: '2016-01-01T00:00:00.000Z' },
    );
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    const removed = ofKind(analysis, 'version-removed');
    expect(removed.map((f) => [f.severity, f.versions[0]])).toEqual([
      ['medium', '3.5.28'],
      ['low', '1.0.0-removed'],
    ]);
    // Indexes land on the present neighbours only; every naming of a present version is indexed.
    const neighbour = analysis.versions.find((v) => v.record.version === '3.6.0-beta.4')!;
    expect(neighbour.findingIndexes.map((i) => analysis.findings[i]?.kind)).toContain('version-removed');
    const lows = analysis.findings.filter((f) => f.severity === 'low');
    expect(lows.map((f) => f.versions[0])).toEqual(['1.0.0-removed']);
  });

  it('derived: low-severity findings about removed versions are ordered newest first with the others', () => {
    // 3.6.0-beta.6 (removed, newest of all) must come before the older 3.4.99 among the lows.
    const pkg = vueRemoving(
      { version: '3.4.99', publishedAt: '2026-01-21T00:00:00.000Z' },
      { version: '3.6.0-beta.6', publishedAt: '2026-02-01T00:00:00.000Z' },
    );
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    expect(ofKind(analysis, 'version-removed').map((f) => f.versions[0])).toEqual(['3.6.0-beta.6', '3.4.99']);
  });
});
