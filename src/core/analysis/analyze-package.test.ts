// analyzePackage on the recorded histories. The fixture registry holds no attestations
// for these packuments, so every test that needs verification results DERIVES them
// (test/support/derived-verification.ts): each version claiming dist.attestations
// is 'verified' with a passing provenance step and a certificate identity matching its
// packument's repository; the others are 'absent'.
import { describe, expect, it } from 'vitest';
import type { Finding, PackageAnalysis, PackageRecord, VersionRecord } from '../model';
import { derivedVersion, loadPackument, withVersions } from '../../../test/support/derived-record';
import { derivedLookup, failedVerification, unavailableVerification } from '../../../test/support/derived-verification';
import {
  analyzePackage,
  analyzePackageInSteps,
  PREVIEW_VERSIONS,
  previewViews,
  recordPreview,
} from './analyze-package';
import { STEP_LABELS } from './findings';

function view(analysis: PackageAnalysis, version: string) {
  const found = analysis.versions.find((v) => v.record.version === version);
  if (!found) throw new Error(`${version} not in the analysis`);
  return found;
}
const ofKind = (analysis: PackageAnalysis, kind: Finding['kind']) => analysis.findings.filter((f) => f.kind === kind);
const naming = (analysis: PackageAnalysis, version: string) =>
  analysis.findings.filter((f) => f.versions.includes(version));

/** DERIVED: a version of `pkg` that was never published, built from one that was. */
function unpublished(pkg: PackageRecord, from: string, changes: Partial<VersionRecord>): VersionRecord {
  const base = pkg.versions.find((v) => v.version === from)!;
  return derivedVersion(base, { distTags: [], ...changes });
}

const vue = loadPackument('vue');
const nextApp = loadPackument('create-next-app');

describe('create-next-app (derived verifications)', () => {
  const analysis = analyzePackage(nextApp, derivedLookup(nextApp));

  it('12.3.7, the 2025-03-28 backport without attestations, has trust none', () => {
    const backport = view(analysis, '12.3.7');
    expect(backport.record.publishedAt).toBe('2025-03-28T22:09:41.752Z');
    expect(backport).toMatchObject({ trust: 'none', trustPending: false, releaseLine: '12', prerelease: false });
    expect(backport.provider).toBeUndefined();
  });

  it('every other version with attestations has provenance (the release bot is not a trusted publisher)', () => {
    for (const v of analysis.versions) {
      if (v.record.dist.attestations) {
        expect(v.trust, v.record.version).toBe('provenance');
        expect(v.provider).toEqual({ provider: 'github', label: 'GitHub Actions' });
      } else {
        expect(v.trust, v.record.version).toBe('none');
      }
      expect(v.trustPending).toBe(false);
    }
    expect(analysis.versions.filter((v) => v.trust === 'none').map((v) => v.record.version)).toEqual([
      '12.3.7',
      '12.2.6',
      '11.1.4',
    ]);
  });

  it('the 12.x line never had provenance: no high/medium downgrade, one low package-gap finding', () => {
    const downgrades = ofKind(analysis, 'trust-downgrade');
    expect(downgrades.filter((f) => f.severity === 'high' || f.severity === 'medium')).toEqual([]);
    expect(downgrades).toEqual([
      {
        kind: 'trust-downgrade',
        severity: 'low',
        // 13.5.11 (2025-03-27): the latest stable release with provenance before 12.3.7.
        versions: ['12.3.7', '13.5.11'],
        message:
          '12.3.7 (2025-03-28) has no verified provenance although 13.5.11 of another release line, published ' +
          '2025-03-27, had verified provenance. Its own 12.x line never had provenance, so this is not a downgrade ' +
          'of the line: backports from an old branch often lack the newer release workflow.',
      },
    ]);
  });

  it('older versions without provenance, published before any provenance, get no finding', () => {
    expect(naming(analysis, '12.2.6')).toEqual([]);
    expect(naming(analysis, '11.1.4')).toEqual([]);
  });

  it('one account, one repository, matching identities: no other finding', () => {
    expect(analysis.findings).toHaveLength(1);
  });

  it('summary: counts, share, publishers, severities, latest', () => {
    expect(analysis.summary).toEqual({
      latestVersion: '16.1.6',
      latestTrust: 'provenance',
      versionCount: 24,
      verifiedCount: 21,
      settledCount: 24,
      verifiedShare: 21 / 24,
      publishers: [{ label: 'vercel-release-bot', kind: 'person', versions: 24 }],
      findingsBySeverity: { high: 0, medium: 0, low: 1, info: 0 },
    });
  });

  it('findingIndexes point at the findings that name each version', () => {
    expect(view(analysis, '12.3.7').findingIndexes).toEqual([0]);
    expect(view(analysis, '13.5.11').findingIndexes).toEqual([0]);
    expect(view(analysis, '16.1.6').findingIndexes).toEqual([]);
  });

  it('release lines and prereleases', () => {
    expect(view(analysis, '16.2.0-canary.24')).toMatchObject({ releaseLine: '16', prerelease: true });
    expect(view(analysis, '15.0.0-rc.1')).toMatchObject({ releaseLine: '15', prerelease: true });
    expect(view(analysis, '15.5.11')).toMatchObject({ releaseLine: '15', prerelease: false });
  });
});

describe('vue (derived verifications)', () => {
  const analysis = analyzePackage(vue, derivedLookup(vue));

  it('trusted publishing from 3.6.0-alpha.5 on; 3.5.0-rc.1 token + provenance; Vue 1 and 2 none', () => {
    const trusted = [
      '3.6.0-alpha.5',
      '3.6.0-alpha.6',
      '3.6.0-alpha.7',
      '3.5.26',
      '3.6.0-beta.1',
      '3.6.0-beta.2',
      '3.6.0-beta.3',
      '3.5.27',
      '3.6.0-beta.4',
      '3.6.0-beta.5',
    ];
    for (const v of trusted) expect(view(analysis, v).trust, v).toBe('trusted-publisher');
    expect(view(analysis, '3.5.0-rc.1').trust).toBe('provenance');
    expect(view(analysis, '2.7.16').trust).toBe('none');
    expect(view(analysis, '1.0.28-csp').trust).toBe('none');
    expect(view(analysis, '3.5.27').provider).toEqual({ provider: 'github', label: 'GitHub Actions', rawId: 'github' });
    // 3.5.0-rc.1 was published with a token: the provider comes from the certificate issuer.
    expect(view(analysis, '3.5.0-rc.1').provider).toEqual({ provider: 'github', label: 'GitHub Actions' });
  });

  it('one info finding: the first trusted-publishing version; no downgrade', () => {
    expect(analysis.findings).toEqual([
      {
        kind: 'publisher-change',
        severity: 'info',
        versions: ['3.6.0-alpha.5', '3.5.0-rc.1'],
        message:
          "3.6.0-alpha.5 is the first version published by trusted publishing (GitHub Actions); earlier versions were published with a person's token. This strengthens the chain of custody: no long-lived token was used.",
      },
    ]);
    expect(ofKind(analysis, 'trust-downgrade')).toEqual([]);
  });

  it('summary', () => {
    expect(analysis.summary).toEqual({
      latestVersion: '3.5.27',
      latestTrust: 'trusted-publisher',
      versionCount: 13,
      verifiedCount: 11,
      settledCount: 13,
      verifiedShare: 11 / 13,
      publishers: [
        { label: 'GitHub Actions (trusted publisher)', kind: 'trusted-publisher', versions: 10 },
        { label: 'yyx990803', kind: 'person', versions: 3 },
      ],
      findingsBySeverity: { high: 0, medium: 0, low: 0, info: 1 },
    });
    expect(view(analysis, '3.6.0-alpha.5').findingIndexes).toEqual([0]);
    expect(view(analysis, '3.5.0-rc.1').findingIndexes).toEqual([0]);
  });

  it('keeps the packument order (newest first) and every record as it is', () => {
    expect(analysis.versions.map((v) => v.record)).toEqual(vue.versions);
  });
});

describe('derived downgrades on vue', () => {
  it('derived: 3.5.28 by a new account without attestations after 3.5.27 → high trust-downgrade and medium publisher-change', () => {
    // DERIVED: 3.5.28 is built from 3.5.27's record, published a day later by
    // "mallory" with a token and without attestations.
    const v3528 = unpublished(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      publisher: { name: 'mallory', email: 'user9@example.com' },
      dist: { ...vue.versions[0]!.dist, attestations: undefined, signatures: [] },
    });
    const pkg = withVersions(vue, [v3528], { ...vue.distTags, latest: '3.5.28' });
    const analysis = analyzePackage(pkg, derivedLookup(pkg));

    expect(view(analysis, '3.5.28')).toMatchObject({ trust: 'none', trustPending: false });
    expect(ofKind(analysis, 'trust-downgrade')).toEqual([
      {
        kind: 'trust-downgrade',
        severity: 'high',
        versions: ['3.5.28', '3.5.27'],
        message:
          '3.5.28 (2026-01-20) is weaker than earlier releases of its 3.x line: it was published without provenance, ' +
          'while 3.5.27 (2026-01-19) had trusted publishing with verified provenance. Check how 3.5.28 was built and published.',
      },
    ]);
    // vue's history has earlier token publishes (yyx990803), so this is not the
    // "token in a CI-only history" rule (high) but the back-to-a-token rule (medium),
    // which also says the account is new.
    const changes = ofKind(analysis, 'publisher-change').filter((f) => f.versions[0] === '3.5.28');
    expect(changes).toEqual([
      {
        kind: 'publisher-change',
        severity: 'medium',
        versions: ['3.5.28', '3.5.27'],
        message:
          '3.5.28 was published by the account "mallory" with a token, right after 3.5.27 (2026-01-19) was published ' +
          'by trusted publishing, and the account is new to this package. Going back from a CI identity to a token is ' +
          'worth a question to the maintainers.',
      },
    ]);
    expect(analysis.summary).toMatchObject({ latestVersion: '3.5.28', latestTrust: 'none' });
    // The second medium is a content-mismatch: the derived 3.5.28 reuses 3.6.0-beta.5's
    // dist, so one tarball digest is listed under two version numbers.
    expect(analysis.summary.findingsBySeverity).toEqual({ high: 1, medium: 2, low: 0, info: 1 });
    // Sorted by severity: the downgrade first.
    expect(analysis.findings[0]?.kind).toBe('trust-downgrade');
    expect(view(analysis, '3.5.28').findingIndexes).toEqual([0, 1, 2]);
    // 1 is the content-mismatch (subject 3.6.0-beta.5, the newer), 2 the publisher-change.
    expect(view(analysis, '3.5.27').findingIndexes).toEqual([0, 2]);
  });

  it('derived: 3.5.28 by the earlier maintainer with provenance but a token → medium downgrade and a medium publisher-change', () => {
    const v3528 = unpublished(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      publisher: { name: 'yyx990803', email: 'user2@example.com' },
    });
    const pkg = withVersions(vue, [v3528]);
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    expect(view(analysis, '3.5.28').trust).toBe('provenance');
    const downgrade = ofKind(analysis, 'trust-downgrade');
    expect(downgrade).toHaveLength(1);
    expect(downgrade[0]).toMatchObject({ severity: 'medium', versions: ['3.5.28', '3.5.27'] });
    expect(downgrade[0]?.message).toContain('it has verified provenance only');
    // A known account going back to a token right after trusted publishing is flagged,
    // saying that the account published before.
    const changes = ofKind(analysis, 'publisher-change').filter((f) => f.versions[0] === '3.5.28');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ severity: 'medium', versions: ['3.5.28', '3.5.27'] });
    expect(changes[0]?.message).toContain('the account published earlier versions too');
  });

  it('derived: a token publish in a history that was only trusted publishing → high publisher-change naming the last one', () => {
    const createNuxt = loadPackument('create-nuxt');
    expect(createNuxt.versions.every((v) => v.publisher?.trustedPublisher)).toBe(true);
    const latest = createNuxt.versions[0]!;
    const tokenPublish = derivedVersion(latest, {
      version: '3.32.1',
      distTags: [],
      publishedAt: '2026-02-10T00:00:00.000Z',
      publisher: { name: 'someone', email: 'user3@example.com' },
    });
    const pkg = withVersions(createNuxt, [tokenPublish]);
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    const [finding, ...rest] = ofKind(analysis, 'publisher-change');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'high', versions: ['3.32.1', latest.version] });
    expect(finding?.message).toBe(
      `3.32.1 was published by the account "someone" with a token, in a history that until then was published only by trusted publishing (last: ${latest.version}, ${latest.publishedAt!.slice(0, 10)}). A person's token bypasses the CI identity; confirm the maintainers meant to.`,
    );
  });

  it('derived: a staged 3.5.26 then a plain trusted publish 3.5.27, both with verified provenance → one low downgrade saying provenance is kept', () => {
    const v3526 = vue.versions.find((v) => v.version === '3.5.26')!;
    const staged = derivedVersion(v3526, {
      publisher: { ...v3526.publisher!, approver: { name: 'yyx990803' } },
    });
    const pkg = { ...vue, versions: vue.versions.map((v) => (v.version === '3.5.26' ? staged : v)) };
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    expect(view(analysis, '3.5.26').trust).toBe('staged');
    expect(view(analysis, '3.5.26').trustClaim).toBeUndefined();
    expect(view(analysis, '3.5.27').trust).toBe('trusted-publisher');
    const downgrade = ofKind(analysis, 'trust-downgrade');
    expect(downgrade).toHaveLength(1);
    expect(downgrade[0]).toMatchObject({ severity: 'low', versions: ['3.5.27', '3.5.26'] });
    expect(downgrade[0]?.message).toContain('Its provenance still verifies');
    expect(downgrade[0]?.message).toContain('not signed');
    expect(downgrade[0]?.message).not.toContain('weaker');
  });

  it('derived: a staged 3.5.26 then a token publish 3.5.27 with provenance → still medium (the publisher changed too)', () => {
    const v3526 = vue.versions.find((v) => v.version === '3.5.26')!;
    const v3527 = vue.versions.find((v) => v.version === '3.5.27')!;
    const staged = derivedVersion(v3526, { publisher: { ...v3526.publisher!, approver: { name: 'yyx990803' } } });
    const token = derivedVersion(v3527, { publisher: { name: 'yyx990803', email: 'user2@example.com' } });
    const pkg = {
      ...vue,
      versions: vue.versions.map((v) => (v.version === '3.5.26' ? staged : v.version === '3.5.27' ? token : v)),
    };
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    const downgrade = ofKind(analysis, 'trust-downgrade');
    expect(downgrade.map((f) => [f.severity, f.versions])).toEqual([['medium', ['3.5.27', '3.5.26']]]);
  });

  it('derived: an unproven approver claim (no attestations) is none with a staged claim, and no stronger side of a downgrade', () => {
    const v2716 = vue.versions.find((v) => v.version === '2.7.16')!;
    const claimed = derivedVersion(v2716, { publisher: { name: 'someone', approver: { name: 'maintainer' } } });
    const pkg = { ...vue, versions: vue.versions.map((v) => (v.version === '2.7.16' ? claimed : v)) };
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    expect(view(analysis, '2.7.16')).toMatchObject({ trust: 'none', trustPending: false, trustClaim: 'staged' });
    expect(naming(analysis, '2.7.16').filter((f) => f.kind === 'trust-downgrade')).toEqual([]);
  });

  it('derived: a provider read from the issuer of a certificate that did not verify is marked unproven', () => {
    const v = vue.versions.find((r) => r.version === '3.5.0-rc.1')!;
    const failed = analyzePackage(vue, derivedLookup(vue, { '3.5.0-rc.1': failedVerification(v) }));
    expect(view(failed, '3.5.0-rc.1').provider).toEqual({
      provider: 'github',
      label: 'GitHub Actions',
      unproven: true,
    });
    const verified = analyzePackage(vue, derivedLookup(vue));
    expect(view(verified, '3.5.0-rc.1').provider).toEqual({ provider: 'github', label: 'GitHub Actions' });
    // A trusted publisher's id is registry metadata shown as such, not a certificate fact.
    expect(view(failed, '3.5.27').provider?.unproven).toBeUndefined();
  });

  it('derived: a stable version is not judged by the prereleases of its line', () => {
    // DERIVED: vue without its 3.5.x stables, plus a stable 3.6.0 without attestations.
    const withoutStables = { ...vue, versions: vue.versions.filter((v) => !['3.5.26', '3.5.27'].includes(v.version)) };
    const v360 = unpublished(vue, '3.6.0-beta.5', {
      version: '3.6.0',
      publishedAt: '2026-02-05T00:00:00.000Z',
      publisher: { name: 'yyx990803' },
      dist: { ...vue.versions[0]!.dist, attestations: undefined },
    });
    const pkg = withVersions(withoutStables, [v360]);
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    expect(view(analysis, '3.6.0')).toMatchObject({ trust: 'none', prerelease: false, releaseLine: '3' });
    expect(ofKind(analysis, 'trust-downgrade')).toEqual([]);
  });

  it('derived: a prerelease is compared with the earlier prereleases of its line', () => {
    const beta6 = unpublished(vue, '3.6.0-beta.5', {
      version: '3.6.0-beta.6',
      publishedAt: '2026-02-05T00:00:00.000Z',
      dist: { ...vue.versions[0]!.dist, attestations: undefined },
    });
    const pkg = withVersions(vue, [beta6]);
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    const downgrade = ofKind(analysis, 'trust-downgrade');
    expect(downgrade).toHaveLength(1);
    expect(downgrade[0]).toMatchObject({ severity: 'high', versions: ['3.6.0-beta.6', '3.6.0-beta.5'] });
    expect(downgrade[0]?.message).toContain('earlier releases of its 3.x prerelease line');
    expect(downgrade[0]?.message).toContain('it was published without provenance');
  });

  it('derived: a stable release judged by the stables of its line, not by a stronger prerelease', () => {
    // 3.5.0-rc.1 (provenance) vs the stables: 3.5.26 is compared with nothing before it
    // in the 3.x stable line, so no downgrade even though prereleases had provenance.
    const analysis = analyzePackage(vue, derivedLookup(vue));
    expect(naming(analysis, '3.5.26').filter((f) => f.kind === 'trust-downgrade')).toEqual([]);
  });
});

describe('pending verifications', () => {
  it('with no verification yet: claimed levels, marked pending; unclaimed versions are settled none', () => {
    const analysis = analyzePackage(vue, () => undefined);
    for (const v of analysis.versions) {
      expect(v.verification).toBeUndefined();
      if (v.record.dist.attestations) {
        expect(v.trustPending, v.record.version).toBe(true);
        expect(v.trust).toBe(v.record.publisher?.trustedPublisher ? 'trusted-publisher' : 'provenance');
      } else {
        expect(v).toMatchObject({ trust: 'none', trustPending: false });
      }
    }
    expect(ofKind(analysis, 'trust-downgrade')).toEqual([]);
    expect(analysis.summary).toMatchObject({
      verifiedCount: 0,
      settledCount: 0,
      verifiedShare: 0,
      latestTrust: 'trusted-publisher',
    });
  });

  it('derived: pending versions never serve as the stronger side of a downgrade', () => {
    // create-next-app with nothing verified: 12.3.7 is settled (no claim), every
    // provenance version is pending, so there is no package-gap finding yet.
    expect(
      ofKind(
        analyzePackage(nextApp, () => undefined),
        'trust-downgrade',
      ),
    ).toEqual([]);
    // vue with a settled token-only 3.5.28 after pending trusted-publisher versions.
    const v3528 = unpublished(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      dist: { ...vue.versions[0]!.dist, attestations: undefined },
    });
    const pkg = withVersions(vue, [v3528]);
    expect(
      ofKind(
        analyzePackage(pkg, () => undefined),
        'trust-downgrade',
      ),
    ).toEqual([]);
  });

  it('derived: as results stream in, the same function gives the settled answer', () => {
    const lookup = derivedLookup(nextApp);
    const half = new Set(nextApp.versions.slice(0, 12).map((v) => v.version));
    const partial = analyzePackage(nextApp, (v) => (half.has(v) ? lookup(v) : undefined));
    // settledCount counts versions whose verification finished, nothing else.
    expect(partial.summary.settledCount).toBe(12);
    expect(partial.summary.verifiedCount).toBe(12);
    for (const v of partial.versions) {
      expect(v.trustPending, v.record.version).toBe(
        !half.has(v.record.version) && v.record.dist.attestations !== undefined,
      );
    }
    // 13.5.11 is still pending, so 12.3.7 has no settled comparison yet.
    expect(ofKind(partial, 'trust-downgrade')).toEqual([]);
    const settled = analyzePackage(nextApp, lookup);
    expect(analyzePackage(nextApp, lookup)).toEqual(settled);
    expect(settled.summary.settledCount).toBe(24);
    expect(ofKind(settled, 'trust-downgrade')).toHaveLength(1);
  });
});

describe('failed and unavailable verifications (derived)', () => {
  it('derived: a failed verification → trust none, high verification-failed, and a high downgrade', () => {
    const v3527 = vue.versions.find((v) => v.version === '3.5.27')!;
    const analysis = analyzePackage(vue, derivedLookup(vue, { '3.5.27': failedVerification(v3527) }));
    expect(view(analysis, '3.5.27')).toMatchObject({ trust: 'none', trustPending: false });
    const failed = ofKind(analysis, 'verification-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ severity: 'high', versions: ['3.5.27'] });
    expect(failed[0]?.message).toBe(
      `3.5.27 failed verification: ${STEP_LABELS['provenance-bundle']} (TLOG_BODY_ERROR): SLSA provenance: tlog entry signature mismatch. ` +
        'Its attestations or signature do not prove what the registry claims; it counts as having no provenance.',
    );
    const downgrade = ofKind(analysis, 'trust-downgrade');
    expect(downgrade).toHaveLength(1);
    expect(downgrade[0]).toMatchObject({ severity: 'high', versions: ['3.5.27', '3.5.26'] });
    expect(downgrade[0]?.message).toContain('its attestations failed verification');
    expect(analysis.summary.latestTrust).toBe('none');
    expect(analysis.summary.verifiedCount).toBe(10);
  });

  it('derived: unavailable attestations → low verification-unavailable, trust none, and no downgrade from it', () => {
    const v3527 = vue.versions.find((v) => v.version === '3.5.27')!;
    const analysis = analyzePackage(vue, derivedLookup(vue, { '3.5.27': unavailableVerification(v3527, 'HTTP 503') }));
    expect(view(analysis, '3.5.27')).toMatchObject({ trust: 'none', trustPending: false });
    expect(ofKind(analysis, 'verification-unavailable')).toEqual([
      {
        kind: 'verification-unavailable',
        severity: 'low',
        versions: ['3.5.27'],
        message:
          '3.5.27 claims attestations, but they could not be fetched (HTTP 503). Until they can be checked it is shown without provenance; this is not evidence of tampering.',
      },
    ]);
    expect(ofKind(analysis, 'trust-downgrade')).toEqual([]);
    expect(analysis.summary.settledCount).toBe(13);
  });

  it('derived: the version after an unavailable one is still compared with the last settled strong version', () => {
    const v3526 = vue.versions.find((v) => v.version === '3.5.26')!;
    const v3528 = unpublished(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      dist: { ...vue.versions[0]!.dist, attestations: undefined },
    });
    const pkg = withVersions(vue, [v3528]);
    const v3527 = pkg.versions.find((v) => v.version === '3.5.27')!;
    const analysis = analyzePackage(pkg, derivedLookup(pkg, { '3.5.27': unavailableVerification(v3527) }));
    expect(ofKind(analysis, 'trust-downgrade').map((f) => f.versions)).toEqual([['3.5.28', v3526.version]]);
  });
});

describe('summary details', () => {
  it('derived: without a latest dist-tag, the newest version is the latest', () => {
    const pkg = { ...vue, distTags: {} };
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    expect(analysis.summary.latestVersion).toBe('3.6.0-beta.5');
    expect(analysis.summary.latestTrust).toBe('trusted-publisher');
  });

  it('derived: a latest tag naming a version that does not exist has no latest trust', () => {
    const pkg = { ...vue, distTags: { latest: '9.9.9' } };
    expect(analyzePackage(pkg, derivedLookup(pkg)).summary).toMatchObject({
      latestVersion: '9.9.9',
      latestTrust: undefined,
    });
  });

  it('an empty package', () => {
    const empty: PackageRecord = { name: 'x', distTags: {}, versions: [], removedVersions: [] };
    expect(analyzePackage(empty, () => undefined)).toEqual({
      versions: [],
      findings: [],
      summary: {
        latestVersion: undefined,
        latestTrust: undefined,
        versionCount: 0,
        verifiedCount: 0,
        settledCount: 0,
        verifiedShare: 0,
        publishers: [],
        findingsBySeverity: { high: 0, medium: 0, low: 0, info: 0 },
      },
    });
  });

  it('nuxt: publishers counted per account and per trusted publisher, most versions first', () => {
    const nuxt = loadPackument('nuxt');
    const analysis = analyzePackage(nuxt, derivedLookup(nuxt));
    expect(analysis.summary.publishers).toEqual([
      { label: 'GitHub Actions (trusted publisher)', kind: 'trusted-publisher', versions: 10 },
      { label: 'danielroe', kind: 'person', versions: 3 },
      { label: 'pi0', kind: 'person', versions: 1 },
    ]);
    // Findings come most severe first, then newest first.
    const order = analysis.findings.map((f) => f.severity);
    expect(order).toEqual(
      [...order].sort(
        (a, b) => ['high', 'medium', 'low', 'info'].indexOf(a) - ['high', 'medium', 'low', 'info'].indexOf(b),
      ),
    );
    expect(analysis.findings.map((f) => [f.severity, f.kind, f.versions])).toEqual([
      ['medium', 'publisher-change', ['2.18.1', '1.4.5']],
      // 2.18.1's postinstall command differs from 1.4.5's (findings-install-scripts.test.ts).
      ['low', 'install-scripts-added', ['2.18.1', '1.4.5']],
      ['info', 'publisher-change', ['4.2.0', '4.0.0-rc.0']],
    ]);
    // Every view's indexes point at findings that name it, and every naming is indexed.
    analysis.versions.forEach((v) => {
      const expected = analysis.findings.flatMap((f, i) => (f.versions.includes(v.record.version) ? [i] : []));
      expect(v.findingIndexes, v.record.version).toEqual(expected);
    });
  });
});

describe('analyzePackageInSteps', () => {
  it('derived: pauses between its parts and ends with exactly analyzePackage’s result (vue with derived verifications)', () => {
    const vue = loadPackument('vue');
    const lookup = derivedLookup(vue);
    const steps = analyzePackageInSteps(vue, lookup);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses += 1;
      step = steps.next();
    }
    // One pause per rule at least: the page can draw between them.
    expect(pauses).toBeGreaterThanOrEqual(12);
    expect(step.value).toEqual(analyzePackage(vue, lookup));
  });
});

describe('previewViews', () => {
  it('shows each version as the analysis does before its verification, without findings', () => {
    const analysis = analyzePackage(vue, () => undefined);
    const newest = vue.versions.slice(0, 10);
    expect(newest).toHaveLength(10);
    const preview = previewViews(newest);
    expect(preview).toHaveLength(10);
    preview.forEach((row, i) => {
      const full = analysis.versions[i];
      expect(row.record).toBe(full?.record);
      expect({ ...row, findingIndexes: [] }).toEqual({ ...full, findingIndexes: [] });
      expect(row.findingIndexes).toEqual([]);
    });
  });
});

describe('recordPreview', () => {
  it("a record's newest versions (PREVIEW_VERSIONS of them), as the analysis shows them, and its count", () => {
    // DERIVED: vue's recorded versions, with 60 older ones made from its oldest.
    const oldest = vue.versions.at(-1)!;
    const older = Array.from({ length: 60 }, (_, i) =>
      derivedVersion(oldest, {
        version: `0.0.${i}`,
        publishedAt: `2013-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:${String(i).padStart(2, '0')}.000Z`,
        distTags: [],
      }),
    );
    const many = withVersions(vue, older);
    const analysis = analyzePackage(many, () => undefined);
    expect(many.versions.length).toBeGreaterThan(PREVIEW_VERSIONS);
    const { views, versionCount } = recordPreview(many)!;
    expect(versionCount).toBe(many.versions.length);
    expect(views.map((row) => row.record.version)).toEqual(
      analysis.versions.slice(0, PREVIEW_VERSIONS).map((full) => full.record.version),
    );
    expect(views.map((row) => row.trust)).toEqual(
      analysis.versions.slice(0, PREVIEW_VERSIONS).map((full) => full.trust),
    );
  });

  it('every version of a package of fewer', () => {
    const few: PackageRecord = { ...vue, versions: vue.versions.slice(0, 3) };
    const { views, versionCount } = recordPreview(few)!;
    expect(versionCount).toBe(3);
    expect(views.map((row) => row.record.version)).toEqual(few.versions.map((record) => record.version));
  });

  it('none for a package without versions (no empty list of rows)', () => {
    expect(recordPreview({ ...vue, versions: [] })).toBeUndefined();
  });
});
