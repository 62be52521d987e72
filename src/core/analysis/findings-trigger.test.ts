// unusual-trigger on REAL certificates — sigstore 1.0.0 was built from the tag v1.0.0 on
// a release event, 1.3.0 from the branch main on a push (verifyVersion on the recorded
// attestations) — with DERIVED records around them (built from each bundle's subject,
// published 3 s after the provenance's Rekor time, as the fixture registry does); and on
// vue with DERIVED verification results (derived-verification.ts: every version built
// from its tag on a push) where a test changes one version's ref, trigger or run.
import { describe, expect, it } from 'vitest';
import type {
  CertificateIdentity,
  Finding,
  PackageAnalysis,
  PackageRecord,
  PredicateFacts,
  VersionRecord,
  VersionVerification,
} from '../model';
import {
  PUBLISH_TYPE,
  SLSA_V02_TYPE,
  derivedVersion,
  entryOf,
  loadPackument,
  publicGoodRoot,
  readAttestations,
  readBundle,
  recordFromBundle,
  registryKeys,
  withVersions,
  wrapBundles,
  type AttestationsResponse,
} from '../../../test/support/derived-record';
import { derivedLookup, verifiedVerification } from '../../../test/support/derived-verification';
import { createVerificationContext } from '../verify/verification-context';
import { verifyVersion } from '../verify/verify-version';
import { analyzePackage } from './analyze-package';
import { findUnusualTriggers, runAttempt } from './findings-trigger';

const ofKind = (a: PackageAnalysis, kind: Finding['kind']) => a.findings.filter((f) => f.kind === kind);

// ---------------------------------------------------------------------------
// Recorded attestations, verified for real

const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });

interface Recorded {
  record: VersionRecord;
  verification: VersionVerification;
}

/** Verifies a recorded attestations response; the record is DERIVED from its subject. */
function recorded(response: AttestationsResponse): Recorded {
  const subjectRecord = recordFromBundle(entryOf(response, 'provenance').bundle);
  const verification = verifyVersion(ctx, subjectRecord, { kind: 'fetched', body: response });
  const logged = Number(verification.provenanceLog?.integratedTime);
  const record = { ...subjectRecord, publishedAt: new Date((logged + 3) * 1000).toISOString() };
  return { record, verification };
}

/** DERIVED: a package holding these versions, newest first. */
function packageOf(items: Recorded[]): { pkg: PackageRecord; lookup: (v: string) => VersionVerification | undefined } {
  const versions = items.map((i) => i.record).sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  const pkg: PackageRecord = {
    name: versions[0]!.name,
    distTags: { latest: versions[0]!.version },
    versions,
    removedVersions: [],
  };
  return { pkg, lookup: (v) => items.find((i) => i.record.version === v)?.verification };
}

const sigstore100 = recorded(readAttestations('sigstore@1.0.0.json'));
const sigstore130 = recorded(
  wrapBundles([
    { predicateType: SLSA_V02_TYPE, bundle: readBundle('sigstore@1.3.0-provenance.json') },
    { predicateType: PUBLISH_TYPE, bundle: readBundle('sigstore@1.3.0-publish.json') },
  ]),
);

describe('unusual triggers on the recorded certificates', () => {
  it('the recorded facts: 1.0.0 from a tag on release, 1.3.0 from main on push, both verified', () => {
    expect(sigstore100.verification.status).toBe('verified');
    expect(sigstore130.verification.status).toBe('verified');
    expect(sigstore100.verification.identity).toMatchObject({
      sourceRepositoryRef: 'refs/tags/v1.0.0',
      buildTrigger: 'release',
    });
    expect(sigstore130.verification.identity).toMatchObject({
      sourceRepositoryRef: 'refs/heads/main',
      buildTrigger: 'push',
    });
  });

  it('derived records: sigstore 1.3.0, built from a branch after the tag-built 1.0.0 → medium', () => {
    const { pkg, lookup } = packageOf([sigstore100, sigstore130]);
    expect(ofKind(analyzePackage(pkg, lookup), 'unusual-trigger')).toEqual([
      {
        kind: 'unusual-trigger',
        severity: 'medium',
        versions: ['1.3.0', '1.0.0'],
        message:
          '1.3.0 (2023-04-18) was built from the branch main (refs/heads/main), trigger push, while 1.0.0 ' +
          '(2023-02-09), the previous verified stable release, was built from the tag v1.0.0 (refs/tags/v1.0.0), ' +
          'trigger release (per the signing certificates). Every earlier verified stable release was built from a ' +
          'tag; a release built from a branch is not tied to a release tag and can include commits no tag marks. ' +
          'Projects that move to release-on-merge tools (changesets, semantic-release) change this way on purpose, so ' +
          'check whether the release process changed.',
      },
    ]);
  });

  it('derived records: single tag-built versions (tuf-js, @playwright/cli, sigstore 1.0.0) → nothing', () => {
    for (const item of [
      recorded(readAttestations('tuf-js@1.0.0.json')),
      recorded(readAttestations('@playwright_cli@0.1.1.json')),
      sigstore100,
    ]) {
      const { pkg, lookup } = packageOf([item]);
      expect(ofKind(analyzePackage(pkg, lookup), 'unusual-trigger'), item.record.name).toEqual([]);
    }
  });

  it('derived: a re-run named only by the predicate (sigstore 1.0.0’s certificate has no run URI) → low, saying so', () => {
    expect(sigstore100.verification.identity?.runInvocationUri).toBeUndefined();
    expect(sigstore100.verification.predicate?.invocationId).toBe(
      'https://github.com/sigstore/sigstore-js/actions/runs/4137028816/attempts/1',
    );
    // DERIVED: the real verification with the predicate's invocation id set to attempt 3.
    const rerun: Recorded = {
      record: sigstore100.record,
      verification: {
        ...sigstore100.verification,
        predicate: {
          ...sigstore100.verification.predicate!,
          invocationId: 'https://github.com/sigstore/sigstore-js/actions/runs/4137028816/attempts/3',
        },
      },
    };
    const { pkg, lookup } = packageOf([rerun]);
    expect(ofKind(analyzePackage(pkg, lookup), 'unusual-trigger')).toEqual([
      {
        kind: 'unusual-trigger',
        severity: 'low',
        versions: ['1.0.0'],
        message:
          '1.0.0 was built by attempt 3 of workflow run 4137028816 ' +
          '(https://github.com/sigstore/sigstore-js/actions/runs/4137028816/attempts/3, per the provenance predicate, ' +
          'because the signing certificate does not carry the run): the run was re-run. Re-running a failed release ' +
          'job is common (a flaky test, a registry hiccup); a re-run keeps the original commit and workflow file, but ' +
          'anyone with write access can start it, so it is worth knowing why the first attempt did not publish.',
      },
    ]);
  });
});

// ---------------------------------------------------------------------------
// vue with derived verification results

const vue = loadPackument('vue');
const rec = (pkg: PackageRecord, v: string): VersionRecord => pkg.versions.find((r) => r.version === v)!;

/** DERIVED: vue's lookup with the given versions' certificate / predicate facts changed. */
function vueWith(
  changes: Record<string, { identity?: Partial<CertificateIdentity>; predicate?: Partial<PredicateFacts> }>,
  pkg: PackageRecord = vue,
) {
  const overrides = Object.fromEntries(
    Object.entries(changes).map(([v, c]) => [v, verifiedVerification(rec(pkg, v), c)]),
  );
  return analyzePackage(pkg, derivedLookup(pkg, overrides));
}

describe('unusual triggers (derived identities on vue)', () => {
  it('derived: the baseline — every version built from its tag on a push — gives nothing', () => {
    expect(ofKind(analyzePackage(vue, derivedLookup(vue)), 'unusual-trigger')).toEqual([]);
  });

  it('derived: 3.5.27 built from main → medium against 3.5.26; the prereleases are their own history', () => {
    const findings = ofKind(
      vueWith({ '3.5.27': { identity: { sourceRepositoryRef: 'refs/heads/main' } } }),
      'unusual-trigger',
    );
    expect(findings.map((f) => [f.severity, f.versions])).toEqual([['medium', ['3.5.27', '3.5.26']]]);
    expect(findings[0]?.message).toContain(
      '3.5.27 (2026-01-19) was built from the branch main (refs/heads/main), trigger push, while 3.5.26 (2025-12-18), ' +
        'the previous verified stable release, was built from the tag v3.5.26 (refs/tags/v3.5.26), trigger push',
    );
  });

  it('derived: a manual run on the release tag → medium, "started by hand"', () => {
    const [finding] = ofKind(
      vueWith({ '3.5.27': { identity: { buildTrigger: 'workflow_dispatch' } } }),
      'unusual-trigger',
    );
    expect(finding).toMatchObject({ severity: 'medium', versions: ['3.5.27', '3.5.26'] });
    expect(finding?.message).toContain(
      'was built from the tag v3.5.27 (refs/tags/v3.5.27) by a manual run (workflow_dispatch), while 3.5.26',
    );
    expect(finding?.message).toContain('a release started by hand is not tied to a release tag');
  });

  it('derived: a pull-request ref, started by hand → both said', () => {
    const [finding] = ofKind(
      vueWith({
        '3.5.27': { identity: { sourceRepositoryRef: 'refs/pull/7/merge', buildTrigger: 'workflow_dispatch' } },
      }),
      'unusual-trigger',
    );
    expect(finding?.message).toContain(
      'built from a pull-request ref (refs/pull/7/merge) by a manual run (workflow_dispatch)',
    );
    expect(finding?.message).toContain('a release built from a pull-request ref and started by hand');
  });

  it('derived: consecutive branch builds → one finding, at the first; the new practice is not flagged again', () => {
    const branch = { identity: { sourceRepositoryRef: 'refs/heads/next' } };
    const findings = ofKind(
      vueWith({ '3.6.0-beta.2': branch, '3.6.0-beta.3': branch, '3.6.0-beta.4': branch }),
      'unusual-trigger',
    );
    expect(findings.map((f) => [f.severity, f.versions])).toEqual([['medium', ['3.6.0-beta.2', '3.6.0-beta.1']]]);
    expect(findings[0]?.message).toContain('the previous verified prerelease');
  });

  it('derived: back to tags, then a branch build again → low, naming the last branch build', () => {
    // DERIVED: 3.6.0-beta.2 from a branch, beta.3 from its tag, beta.4 from a branch.
    const branch = { identity: { sourceRepositoryRef: 'refs/heads/next' } };
    const findings = ofKind(vueWith({ '3.6.0-beta.2': branch, '3.6.0-beta.4': branch }), 'unusual-trigger');
    expect(findings.map((f) => [f.severity, f.versions])).toEqual([
      ['medium', ['3.6.0-beta.2', '3.6.0-beta.1']],
      ['low', ['3.6.0-beta.4', '3.6.0-beta.3', '3.6.0-beta.2']],
    ]);
    expect(findings[1]?.message).toContain(
      'The project has published prereleases built this way before (last: 3.6.0-beta.2, 2026-01-04), so this may be ' +
        'its practice for some releases',
    );
  });

  it('derived: a certificate without ref and trigger → the predicate answers, and the message says so', () => {
    const [finding] = ofKind(
      vueWith({
        '3.5.27': {
          identity: { sourceRepositoryRef: undefined, buildTrigger: undefined },
          predicate: { ref: 'refs/heads/main', event: 'push' },
        },
      }),
      'unusual-trigger',
    );
    expect(finding?.severity).toBe('medium');
    expect(finding?.message).toContain(
      '(per the signing certificates, except 3.5.27’s ref and trigger, read from the provenance predicate because ' +
        'the certificate does not carry it)',
    );
  });

  it('derived: a re-run (attempt 2 in the certificate’s run URI) → low', () => {
    const uri = 'https://github.com/vuejs/core/actions/runs/21000000000/attempts/2';
    const findings = ofKind(vueWith({ '3.5.27': { identity: { runInvocationUri: uri } } }), 'unusual-trigger');
    expect(findings).toEqual([
      {
        kind: 'unusual-trigger',
        severity: 'low',
        versions: ['3.5.27'],
        message:
          `3.5.27 was built by attempt 2 of workflow run 21000000000 (${uri}, per the signing certificate): the run ` +
          'was re-run. Re-running a failed release job is common (a flaky test, a registry hiccup); a re-run keeps ' +
          'the original commit and workflow file, but anyone with write access can start it, so it is worth knowing ' +
          'why the first attempt did not publish.',
      },
    ]);
  });

  it('derived: only verified provenance is judged: failed and pending results say nothing', () => {
    const record = rec(vue, '3.5.27');
    const failed: VersionVerification = {
      ...verifiedVerification(record, {
        identity: {
          sourceRepositoryRef: 'refs/heads/main',
          runInvocationUri: 'https://github.com/vuejs/core/actions/runs/1/attempts/2',
        },
      }),
      status: 'failed',
    };
    expect(ofKind(analyzePackage(vue, derivedLookup(vue, { '3.5.27': failed })), 'unusual-trigger')).toEqual([]);
    expect(
      ofKind(
        analyzePackage(vue, () => undefined),
        'unusual-trigger',
      ),
    ).toEqual([]);
    // A pending version in between does not break the comparison with the last verified one.
    const v3528 = derivedVersion(record, { version: '3.5.28', distTags: [], publishedAt: '2026-01-25T00:00:00.000Z' });
    const pkg = withVersions(vue, [v3528]);
    const lookup = derivedLookup(pkg, {
      '3.5.27': undefined,
      '3.5.28': verifiedVerification(v3528, { identity: { sourceRepositoryRef: 'refs/heads/main' } }),
    });
    const history = [...analyzePackage(pkg, lookup).versions].reverse();
    expect(findUnusualTriggers(history).map((f) => f.versions)).toEqual([['3.5.28', '3.5.26']]);
  });

  it('run attempts are read from GitHub run URIs only', () => {
    expect(runAttempt('https://github.com/o/r/actions/runs/123/attempts/2')).toEqual({ run: '123', attempt: 2 });
    expect(runAttempt('https://gitlab.com/g/p/-/jobs/99')).toBeUndefined();
    expect(runAttempt(undefined)).toBeUndefined();
  });
});
