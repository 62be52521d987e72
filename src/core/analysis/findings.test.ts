// The finding rules on the recorded vue and create-next-app histories with DERIVED
// verification results (see test/support/derived-verification.ts): the certificate
// identities are fabricated, matching the packument's repository unless a test changes
// one field of one version.
import { describe, expect, it } from 'vitest';
import type {
  CertificateIdentity,
  Finding,
  PackageAnalysis,
  PackageRecord,
  PredicateFacts,
  VersionRecord,
} from '../model';
import { CORS_REFUSAL_REASON } from '../net/http-errors';
import { derivedVersion, loadPackument } from '../../../test/support/derived-record';
import { derivedLookup, verifiedVerification } from '../../../test/support/derived-verification';
import { analyzePackage } from './analyze-package';
import {
  STEP_LABELS,
  TRUST_LABELS,
  findIdentityMismatches,
  findSelfHostedRunners,
  findSourceChanges,
  findVerificationProblems,
} from './findings';

const vue = loadPackument('vue');
const nextApp = loadPackument('create-next-app');
const rec = (pkg: PackageRecord, v: string): VersionRecord => pkg.versions.find((r) => r.version === v)!;
const ofKind = (a: PackageAnalysis, kind: Finding['kind']) => a.findings.filter((f) => f.kind === kind);

/** DERIVED: vue with 3.5.27's verification built from a changed identity / predicate. */
function vueWith(
  identity: Partial<CertificateIdentity>,
  predicate: Partial<PredicateFacts> | false = {},
  version = '3.5.27',
) {
  const record = rec(vue, version);
  return analyzePackage(vue, derivedLookup(vue, { [version]: verifiedVerification(record, { identity, predicate }) }));
}

describe('derived: baseline', () => {
  it('derived: identities matching the packument give no source, identity or runner findings', () => {
    for (const pkg of [vue, nextApp, loadPackument('nuxt'), loadPackument('vite'), loadPackument('@nuxt/kit')]) {
      const analysis = analyzePackage(pkg, derivedLookup(pkg));
      expect(ofKind(analysis, 'source-change'), pkg.name).toEqual([]);
      expect(ofKind(analysis, 'identity-mismatch'), pkg.name).toEqual([]);
      expect(ofKind(analysis, 'self-hosted-runner'), pkg.name).toEqual([]);
      expect(ofKind(analysis, 'verification-failed'), pkg.name).toEqual([]);
    }
  });
});

describe('source changes (derived identities)', () => {
  it('derived: a build from another repository → high source-change, against the previous and the next verified version', () => {
    const analysis = vueWith({
      sourceRepositoryUri: 'https://github.com/mallory/core',
      buildConfigUri: 'https://github.com/mallory/core/.github/workflows/release.yml@refs/tags/v3.5.27',
    });
    const changes = ofKind(analysis, 'source-change');
    expect(changes.map((f) => [f.severity, f.versions])).toEqual([
      ['high', ['3.6.0-beta.4', '3.5.27']],
      ['high', ['3.5.27', '3.6.0-beta.3']],
    ]);
    expect(changes[1]?.message).toBe(
      '3.5.27 was built from https://github.com/mallory/core, but 3.6.0-beta.3 from https://github.com/vuejs/core ' +
        '(both per the signing certificate). A moved or renamed repository explains this; a fork publishing the package does not.',
    );
    // package.json still says vuejs/core: a medium identity mismatch for 3.5.27 as well.
    const mismatch = ofKind(analysis, 'identity-mismatch');
    expect(mismatch.map((f) => [f.severity, f.versions])).toEqual([['medium', ['3.5.27']]]);
    expect(mismatch[0]?.message).toContain("package.json's repository.url is git+https://github.com/vuejs/core.git");
  });

  it('derived: the same repository spelled differently is no change', () => {
    const analysis = vueWith({ sourceRepositoryUri: 'git+https://github.com/VueJS/Core.git' });
    expect(ofKind(analysis, 'source-change')).toEqual([]);
  });

  it('derived: another workflow file → medium source-change naming both workflows', () => {
    const analysis = vueWith(
      { buildConfigUri: 'https://github.com/vuejs/core/.github/workflows/publish.yml@refs/tags/v3.5.27' },
      { workflowPath: '.github/workflows/publish.yml' },
    );
    const changes = ofKind(analysis, 'source-change');
    expect(changes.map((f) => [f.severity, f.versions])).toEqual([
      ['medium', ['3.6.0-beta.4', '3.5.27']],
      ['medium', ['3.5.27', '3.6.0-beta.3']],
    ]);
    expect(changes[1]?.message).toBe(
      '3.5.27 was built by the workflow .github/workflows/publish.yml, 3.6.0-beta.3 by .github/workflows/release.yml. ' +
        'A new release workflow deserves a look: it decides what goes into the package.',
    );
    expect(ofKind(analysis, 'identity-mismatch')).toEqual([]);
  });

  it('derived: a changed trusted-publisher configuration (oidcConfigId) → medium source-change', () => {
    // DERIVED: vue with 3.5.27's trusted publisher re-created under a new config id.
    const changed = derivedVersion(rec(vue, '3.5.27'), {
      publisher: {
        ...rec(vue, '3.5.27').publisher!,
        trustedPublisher: { id: 'github', oidcConfigId: 'oidc:new-config' },
      },
    });
    const pkg = { ...vue, versions: vue.versions.map((v) => (v.version === '3.5.27' ? changed : v)) };
    const analysis = analyzePackage(pkg, derivedLookup(pkg));
    const changes = ofKind(analysis, 'source-change');
    expect(changes.map((f) => [f.severity, f.versions])).toEqual([
      ['medium', ['3.6.0-beta.4', '3.5.27']],
      ['medium', ['3.5.27', '3.6.0-beta.3']],
    ]);
    expect(changes[1]?.message).toBe(
      'The trusted-publisher configuration changed between 3.6.0-beta.3 (oidc:d56cba3e-2e34-4b01-9442-d2f0981e3993) and ' +
        '3.5.27 (oidc:new-config): a maintainer re-created the link between the package and its CI.',
    );
  });

  it('derived: versions whose provenance did not verify are skipped: the comparison is between verified builds', () => {
    const v3527 = rec(vue, '3.5.27');
    const analysis = analyzePackage(
      vue,
      derivedLookup(vue, {
        '3.5.27': {
          ...verifiedVerification(v3527, { identity: { sourceRepositoryUri: 'https://github.com/mallory/core' } }),
          status: 'failed',
        },
      }),
    );
    expect(ofKind(analysis, 'source-change')).toEqual([]);
  });

  it('derived: findSourceChanges on its own, with a gap of unverified versions in between', () => {
    const analysis = analyzePackage(vue, derivedLookup(vue));
    const history = [...analysis.versions].reverse();
    expect(findSourceChanges(history)).toEqual([]);
  });
});

describe('self-hosted runners (derived identities)', () => {
  it("derived: runnerEnvironment 'self-hosted' → a medium self-hosted-runner finding for that version only", () => {
    const analysis = vueWith({ runnerEnvironment: 'self-hosted' });
    expect(ofKind(analysis, 'self-hosted-runner')).toEqual([
      {
        kind: 'self-hosted-runner',
        severity: 'medium',
        versions: ['3.5.27'],
        message:
          '3.5.27 was built on a self-hosted runner (per the signing certificate). The project, not the CI provider, ' +
          'controls that machine, so the provenance says less about the build environment.',
      },
    ]);
  });

  it("derived: a failed verification's self-hosted claim is ignored", () => {
    const history = [...analyzePackage(vue, derivedLookup(vue)).versions].reverse();
    const v = history.find((h) => h.record.version === '3.5.27')!;
    v.verification = {
      ...verifiedVerification(v.record, { identity: { runnerEnvironment: 'self-hosted' } }),
      status: 'failed',
    };
    expect(findSelfHostedRunners(history)).toEqual([]);
  });
});

describe('identity mismatches (derived identities and predicates)', () => {
  it.each([
    [
      'repository',
      { repository: 'https://github.com/mallory/core' },
      'the provenance predicate names the repository https://github.com/mallory/core, the certificate https://github.com/vuejs/core',
    ],
    [
      'commit',
      { commit: 'deadbeefdeadbeefdeadbeef' },
      'the predicate names commit deadbeefdeadbeefdeadbeef, the certificate 0123456789abcdef0123',
    ],
    ['ref', { ref: 'refs/heads/evil' }, 'the predicate names ref refs/heads/evil, the certificate refs/tags/v3.5.27'],
    [
      'workflow',
      { workflowPath: '.github/workflows/other.yml' },
      'the predicate names workflow .github/workflows/other.yml, the certificate .github/workflows/release.yml',
    ],
  ])('derived: a predicate %s that differs from the certificate → high', (_, predicate, text) => {
    const analysis = vueWith(
      { sourceRepositoryDigest: '0123456789abcdef0123' },
      { commit: '0123456789abcdef0123', ...predicate },
    );
    const mismatch = ofKind(analysis, 'identity-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]).toMatchObject({ severity: 'high', versions: ['3.5.27'] });
    expect(mismatch[0]?.message).toBe(
      `For 3.5.27, the signed certificate and the metadata disagree: ${text}. The certificate is authoritative: it was issued from the CI provider’s own token.`,
    );
  });

  it('derived: several disagreements are listed in one finding', () => {
    const analysis = vueWith({}, { ref: 'refs/heads/x', workflowPath: 'x.yml' });
    const [finding, ...rest] = ofKind(analysis, 'identity-mismatch');
    expect(rest).toEqual([]);
    expect(finding?.message).toContain('ref refs/heads/x');
    expect(finding?.message).toContain('workflow x.yml');
    expect(finding?.message.split('; ')).toHaveLength(2);
  });

  it('derived: repository.url naming another repository → medium', () => {
    const moved = derivedVersion(rec(vue, '3.5.27'), { repositoryUrl: 'https://github.com/someone/else' });
    const pkg = { ...vue, versions: vue.versions.map((v) => (v.version === '3.5.27' ? moved : v)) };
    // The certificate still says vuejs/core: its identity is derived from the original record.
    const lookup = derivedLookup(pkg, { '3.5.27': verifiedVerification(rec(vue, '3.5.27')) });
    const mismatch = ofKind(analyzePackage(pkg, lookup), 'identity-mismatch');
    expect(mismatch.map((f) => [f.severity, f.versions])).toEqual([['medium', ['3.5.27']]]);
    expect(mismatch[0]?.message).toContain('repository.url is written by the publisher and is not verified');
  });

  it('derived: a gitHead other than the certified commit → medium (create-next-app, which records gitHead)', () => {
    const record = rec(nextApp, '16.1.6');
    expect(record.gitHead).toMatch(/^adf8c612/);
    const analysis = analyzePackage(
      nextApp,
      derivedLookup(nextApp, {
        '16.1.6': verifiedVerification(record, {
          identity: { sourceRepositoryDigest: 'ffffffffffffffffffffffffffffffffffffffff' },
          predicate: { commit: 'ffffffffffffffffffffffffffffffffffffffff' },
        }),
      }),
    );
    const mismatch = ofKind(analysis, 'identity-mismatch');
    expect(mismatch.map((f) => [f.severity, f.versions])).toEqual([['medium', ['16.1.6']]]);
    expect(mismatch[0]?.message).toContain(
      `gitHead is ${record.gitHead}, but the certificate says commit ffffffffffffffffffffffffffffffffffffffff was built`,
    );
  });

  it('derived: a medium and a high problem together make a high finding', () => {
    const record = rec(nextApp, '16.1.6');
    const analysis = analyzePackage(
      nextApp,
      derivedLookup(nextApp, {
        '16.1.6': verifiedVerification(record, {
          identity: { sourceRepositoryDigest: 'ffffffffffffffffffffffffffffffffffffffff' },
          predicate: { ref: 'refs/heads/other' },
        }),
      }),
    );
    const [finding] = ofKind(analysis, 'identity-mismatch');
    expect(finding?.severity).toBe('high');
    expect(finding?.message).toContain('gitHead');
    expect(finding?.message).toContain('refs/heads/other');
  });

  it('derived: only verified results are compared; missing facts are not disagreements', () => {
    const history = [...analyzePackage(vue, derivedLookup(vue)).versions].reverse();
    const v = history.find((h) => h.record.version === '3.5.27')!;
    v.verification = {
      ...verifiedVerification(v.record, { predicate: { repository: 'https://github.com/x/y' } }),
      status: 'failed',
    };
    expect(findIdentityMismatches(history)).toEqual([]);
    v.verification = verifiedVerification(v.record, { predicate: false });
    expect(findIdentityMismatches(history)).toEqual([]);
    v.verification = verifiedVerification(v.record, {
      identity: { sourceRepositoryUri: undefined, buildConfigUri: undefined },
    });
    expect(findIdentityMismatches(history)).toEqual([]);
  });
});

describe('verification problems', () => {
  it('derived: the failed steps are all listed with their labels and codes', () => {
    const history = [...analyzePackage(vue, derivedLookup(vue)).versions].reverse();
    const v = history.find((h) => h.record.version === '3.5.27')!;
    v.verification = {
      ...verifiedVerification(v.record),
      status: 'failed',
      steps: [
        { step: 'provenance-bundle', outcome: 'pass', code: 'OK', message: 'ok' },
        { step: 'publish-attestation', outcome: 'fail', code: 'KEY_NOT_FOUND', message: 'No key.' },
        // As @sigstore/verify words its errors: no full stop, added between the sentences.
        { step: 'subject-binding', outcome: 'fail', code: 'SUBJECT_DIGEST_MISMATCH', message: 'Digest differs' },
        { step: 'registry-signature', outcome: 'skip', code: 'REGISTRY_SIGNATURE_MISSING', message: 'none' },
      ],
    };
    expect(findVerificationProblems(history)).toEqual([
      {
        kind: 'verification-failed',
        severity: 'high',
        versions: ['3.5.27'],
        message:
          `3.5.27 failed verification: ${STEP_LABELS['publish-attestation']} (KEY_NOT_FOUND): No key. ` +
          `${STEP_LABELS['subject-binding']} (SUBJECT_DIGEST_MISMATCH): Digest differs. ` +
          'Its attestations or signature do not prove what the registry claims; it counts as having no provenance.',
      },
    ]);
  });

  it('derived: versions a browser refused to read (CORS) make one finding that names them all', () => {
    const history = [...analyzePackage(vue, derivedLookup(vue)).versions].reverse();
    const reason = `${CORS_REFUSAL_REASON}: http://127.0.0.1:4873 answered without an Access-Control-Allow-Origin header`;
    const refused = ['3.5.26', '3.5.27'];
    for (const version of refused) {
      const v = history.find((h) => h.record.version === version)!;
      v.verification = { name: 'vue', version, status: 'unavailable', steps: [], unavailableReason: reason };
    }
    const other = history.find((h) => !refused.includes(h.record.version))!;
    other.verification = {
      name: 'vue',
      version: other.record.version,
      status: 'unavailable',
      steps: [],
      unavailableReason: 'HTTP 503',
    };
    const findings = findVerificationProblems(history);
    expect(findings).toHaveLength(2);
    expect(findings[0]?.versions).toEqual([other.record.version]);
    expect(findings[1]).toMatchObject({ kind: 'verification-unavailable', severity: 'low', versions: refused });
    expect(findings[1]?.message).toContain(`2 versions claim attestations that could not be read: ${reason}.`);
    expect(findings[1]?.message).toContain('attestation proxy');
  });

  it('derived: an unavailable result without a reason says so', () => {
    const history = [...analyzePackage(vue, derivedLookup(vue)).versions].reverse();
    const v = history.find((h) => h.record.version === '3.5.27')!;
    v.verification = { name: 'vue', version: '3.5.27', status: 'unavailable', steps: [] };
    expect(findVerificationProblems(history)[0]?.message).toContain('(unknown reason)');
  });

  it('labels every step and trust level', () => {
    expect(Object.keys(STEP_LABELS).sort()).toEqual([
      'provenance-bundle',
      'publish-attestation',
      'registry-signature',
      'subject-binding',
    ]);
    for (const label of [...Object.values(STEP_LABELS), ...Object.values(TRUST_LABELS)])
      expect(label.trim()).not.toBe('');
    expect(new Set(Object.values(STEP_LABELS)).size).toBe(4);
    expect(Object.keys(TRUST_LABELS).sort()).toEqual(['none', 'provenance', 'staged', 'trusted-publisher']);
  });
});
