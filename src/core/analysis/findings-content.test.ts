// content-mismatch on the recorded packuments and on DERIVED verification results
// (derived-verification.ts: certificates made up to match each packument; a test sets
// one version's run or commit). has-package-exports' recorded 1.2.1-alpha.2 and
// 1.2.1-alpha.3 really share one gitHead; their certificates are derived from it.
import { describe, expect, it } from 'vitest';
import type { CertificateIdentity, Finding, PackageAnalysis, PackageRecord, VersionRecord } from '../model';
import { derivedVersion, loadPackument, withVersions } from '../../../test/support/derived-record';
import { derivedLookup, verifiedVerification } from '../../../test/support/derived-verification';
import { listFixtures } from '../../../test/support/fixtures';
import { analyzePackage } from './analyze-package';

const ofKind = (a: PackageAnalysis, kind: Finding['kind']) => a.findings.filter((f) => f.kind === kind);
const rec = (pkg: PackageRecord, v: string): VersionRecord => pkg.versions.find((r) => r.version === v)!;

const vue = loadPackument('vue');
const RUN = 'https://github.com/vuejs/core/actions/runs/21000000000';

/** DERIVED: vue's lookup with the given versions' certificate facts changed. */
function vueWith(changes: Record<string, Partial<CertificateIdentity>>, pkg: PackageRecord = vue) {
  const overrides = Object.fromEntries(
    Object.entries(changes).map(([v, identity]) => [v, verifiedVerification(rec(pkg, v), { identity })]),
  );
  return analyzePackage(pkg, derivedLookup(pkg, overrides));
}

describe('content mismatches on the recorded packuments', () => {
  it('derived verifications matching the packuments: no recorded package has one', () => {
    for (const file of listFixtures('registry/packuments')) {
      const name = file.replace(/\.json$/, '').replace('_', '/');
      const pkg = loadPackument(name);
      expect(ofKind(analyzePackage(pkg, derivedLookup(pkg)), 'content-mismatch'), name).toEqual([]);
      // And no two recorded versions share a tarball.
      const digests = pkg.versions.map((v) => v.dist.integrity ?? v.dist.shasum);
      expect(new Set(digests).size, name).toBe(digests.length);
    }
  });

  it('derived: has-package-exports 1.2.1-alpha.2 and -alpha.3, one recorded gitHead, certificates derived from it → low', () => {
    const pkg = loadPackument('has-package-exports');
    const commit = rec(pkg, '1.2.1-alpha.2').gitHead!;
    expect(rec(pkg, '1.2.1-alpha.3').gitHead).toBe(commit);
    expect(commit).toMatch(/^65c6bcc6[0-9a-f]{32}$/);
    // DERIVED: every version verified, its certificate naming its gitHead as the commit.
    const overrides = Object.fromEntries(pkg.versions.map((r) => [r.version, verifiedVerification(r)]));
    const findings = ofKind(analyzePackage(pkg, derivedLookup(pkg, overrides)), 'content-mismatch');
    expect(findings).toEqual([
      {
        kind: 'content-mismatch',
        severity: 'low',
        versions: ['1.2.1-alpha.3', '1.2.1-alpha.2'],
        message:
          `1.2.1-alpha.2 and 1.2.1-alpha.3 were built from the same commit ${commit.slice(0, 12)} (per the signing ` +
          'certificates) by runs the provenance does not name, yet they are different packages (different ' +
          'dist.integrity, as two version numbers must be). The version, at least, came from the build rather than ' +
          'from the commit: usual for canary or snapshot workflows that set the version in CI, or for a release ' +
          're-cut without a new commit, but then the commit alone does not show what went into either tarball.',
      },
    ]);
    // The same gitHead without verified provenance is metadata, not a fact: nothing.
    expect(ofKind(analyzePackage(pkg, derivedLookup(pkg)), 'content-mismatch')).toEqual([]);
  });
});

describe('content mismatches (derived)', () => {
  it('derived: one run (same attempt) publishing 3.5.27 and 3.6.0-beta.4 → info', () => {
    const findings = ofKind(
      vueWith({
        '3.5.27': { runInvocationUri: `${RUN}/attempts/1` },
        '3.6.0-beta.4': { runInvocationUri: `${RUN}/attempts/1` },
      }),
      'content-mismatch',
    );
    expect(findings).toEqual([
      {
        kind: 'content-mismatch',
        severity: 'info',
        versions: ['3.6.0-beta.4', '3.5.27'],
        message:
          `3.5.27 and 3.6.0-beta.4 were both published by one run of the release workflow (${RUN}, per the signing ` +
          'certificates). They are different packages (different dist.integrity, as two version numbers must be). A ' +
          'workflow that publishes two versions of one package in one run is usually doing it on purpose (a release ' +
          'and a prerelease, or a version for a second dist-tag); it is shown so that each version’s provenance is ' +
          'read as describing the same build.',
      },
    ]);
  });

  it('derived: the same run in two attempts → low, naming each attempt (and the re-run itself as unusual-trigger)', () => {
    const analysis = vueWith({
      '3.5.27': { runInvocationUri: `${RUN}/attempts/1` },
      '3.6.0-beta.4': { runInvocationUri: `${RUN}/attempts/2` },
    });
    const [finding, ...rest] = ofKind(analysis, 'content-mismatch');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'low', versions: ['3.6.0-beta.4', '3.5.27'] });
    expect(finding?.message).toContain(
      'They come from different attempts (3.5.27 in attempt 1 and 3.6.0-beta.4 in attempt 2): the re-run published ' +
        'another version instead of retrying the same one',
    );
    expect(ofKind(analysis, 'unusual-trigger').map((f) => [f.severity, f.versions])).toEqual([
      ['low', ['3.6.0-beta.4']],
    ]);
  });

  it('derived: one commit built by two runs → low, naming both runs; the same run is not repeated as a commit finding', () => {
    const commit = 'a'.repeat(40);
    const twoRuns = ofKind(
      vueWith({
        '3.5.26': { sourceRepositoryDigest: commit, runInvocationUri: `${RUN}0/attempts/1` },
        '3.5.27': { sourceRepositoryDigest: commit, runInvocationUri: `${RUN}1/attempts/1` },
      }),
      'content-mismatch',
    );
    expect(twoRuns.map((f) => [f.severity, f.versions])).toEqual([['low', ['3.5.27', '3.5.26']]]);
    expect(twoRuns[0]?.message).toContain(
      `were built from the same commit aaaaaaaaaaaa (per the signing certificates) by different workflow runs (${RUN}0 and ${RUN}1)`,
    );
    const oneRun = ofKind(
      vueWith({
        '3.5.26': { sourceRepositoryDigest: commit, runInvocationUri: `${RUN}/attempts/1` },
        '3.5.27': { sourceRepositoryDigest: commit, runInvocationUri: `${RUN}/attempts/1` },
      }),
      'content-mismatch',
    );
    expect(oneRun.map((f) => [f.severity, f.versions])).toEqual([['info', ['3.5.27', '3.5.26']]]);
    const oneNamed = ofKind(
      vueWith({
        '3.5.26': { sourceRepositoryDigest: commit },
        '3.5.27': { sourceRepositoryDigest: commit, runInvocationUri: `${RUN}/attempts/1` },
      }),
      'content-mismatch',
    );
    expect(oneNamed[0]?.message).toContain(`by the workflow run ${RUN} and by a run the provenance does not name`);
  });

  it('derived: facts from the predicate when the certificate lacks them, said so', () => {
    const commit = 'b'.repeat(40);
    const overrides = Object.fromEntries(
      ['3.5.26', '3.5.27'].map((v) => [
        v,
        verifiedVerification(rec(vue, v), { identity: { sourceRepositoryDigest: undefined }, predicate: { commit } }),
      ]),
    );
    const [finding] = ofKind(analyzePackage(vue, derivedLookup(vue, overrides)), 'content-mismatch');
    expect(finding?.message).toContain(
      'the same commit bbbbbbbbbbbb (per the signing certificates; for 3.5.26 and 3.5.27 per the provenance ' +
        'predicate, because the certificate does not carry the commit)',
    );
  });

  it('derived: one tarball under two version numbers → medium, verified or not', () => {
    // DERIVED: 3.5.28 copied from 3.5.27 with its dist (so its integrity) unchanged.
    const v3528 = derivedVersion(rec(vue, '3.5.27'), {
      version: '3.5.28',
      distTags: [],
      publishedAt: '2026-01-20T10:00:00.000Z',
    });
    const pkg = withVersions(vue, [v3528]);
    const integrity = rec(vue, '3.5.27').dist.integrity!;
    for (const analysis of [analyzePackage(pkg, derivedLookup(pkg)), analyzePackage(pkg, () => undefined)]) {
      expect(ofKind(analysis, 'content-mismatch')).toEqual([
        {
          kind: 'content-mismatch',
          severity: 'medium',
          versions: ['3.5.28', '3.5.27'],
          message:
            `3.5.27 and 3.5.28 are served with the same tarball digest (${integrity.slice(0, 27)}…): one tarball under 2 ` +
            'version numbers. A tarball carries its own package.json and version, so it can match at most one of ' +
            'them, and npm does not check a version’s metadata against its tarball: for the others, what installs is ' +
            'not what the registry lists. Check which version the tarball’s package.json names before trusting the others.',
        },
      ]);
    }
  });

  it('derived: without integrity, the same sha1 shasum counts as one tarball', () => {
    const tweetnacl = loadPackument('tweetnacl');
    const old = rec(tweetnacl, '0.9.1');
    const copy = derivedVersion(old, {
      version: '0.9.99',
      distTags: [],
      publishedAt: '2014-07-09T00:00:00.000Z',
      dist: { ...old.dist, integrity: undefined },
    });
    const pkg = withVersions(
      {
        ...tweetnacl,
        versions: tweetnacl.versions.map((v) =>
          v.version === '0.9.1' ? { ...v, dist: { ...v.dist, integrity: undefined } } : v,
        ),
      },
      [copy],
    );
    const [finding] = ofKind(analyzePackage(pkg, derivedLookup(pkg)), 'content-mismatch');
    expect(finding).toMatchObject({ severity: 'medium', versions: ['0.9.99', '0.9.1'] });
    expect(finding?.message).toContain(`(sha1 ${old.dist.shasum!.slice(0, 22)}…)`);
  });

  it('derived: runs and commits of unverified results are not facts', () => {
    const record = rec(vue, '3.5.27');
    const failed = {
      ...verifiedVerification(record, { identity: { runInvocationUri: `${RUN}/attempts/1` } }),
      status: 'failed' as const,
    };
    const analysis = analyzePackage(
      vue,
      derivedLookup(vue, {
        '3.5.27': failed,
        '3.5.26': verifiedVerification(rec(vue, '3.5.26'), { identity: { runInvocationUri: `${RUN}/attempts/1` } }),
      }),
    );
    expect(ofKind(analysis, 'content-mismatch')).toEqual([]);
  });
});
