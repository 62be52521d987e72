import { describe, expect, it } from 'vitest';
import type { VersionRecord, VersionVerification } from '../model';
import { derivedVersion, loadPackument } from '../../../test/support/derived-record';
import {
  absentVerification,
  failedVerification,
  unavailableVerification,
  verifiedVerification,
} from '../../../test/support/derived-verification';
import {
  TRUST_RANK,
  assessTrust,
  describeTrust,
  hasTufVerifiedPublishAttestation,
  hasVerifiedProvenance,
  providerOf,
  releaseLineOf,
} from './trust-level';

const vue = loadPackument('vue');
const at = (v: string): VersionRecord => vue.versions.find((r) => r.version === v)!;
/** Trusted publisher + attestations (3.5.27), token + attestations (3.5.0-rc.1), token only (2.7.16). */
const TP = at('3.5.27');
const TOKEN_PROV = at('3.5.0-rc.1');
const NONE = at('2.7.16');

describe('assessTrust', () => {
  it('without a verification: the claimed level, pending only when attestations are claimed', () => {
    expect(assessTrust(TP, undefined)).toEqual({ trust: 'trusted-publisher', pending: true });
    expect(assessTrust(TOKEN_PROV, undefined)).toEqual({ trust: 'provenance', pending: true });
    expect(assessTrust(NONE, undefined)).toEqual({ trust: 'none', pending: false });
  });

  it('derived: verified provenance gives trusted-publisher with a trusted publisher, provenance without', () => {
    expect(assessTrust(TP, verifiedVerification(TP))).toEqual({ trust: 'trusted-publisher', pending: false });
    expect(assessTrust(TOKEN_PROV, verifiedVerification(TOKEN_PROV))).toEqual({ trust: 'provenance', pending: false });
  });

  it('derived: a failed verification is none, whatever the registry claims', () => {
    expect(assessTrust(TP, failedVerification(TP))).toEqual({ trust: 'none', pending: false });
    const staged = derivedVersion(TP, { publisher: { ...TP.publisher!, approver: { name: 'maintainer' } } });
    expect(assessTrust(staged, failedVerification(staged))).toEqual({ trust: 'none', pending: false, claim: 'staged' });
  });

  it('derived: unavailable or absent attestations settle at none (a trusted publisher alone proves nothing)', () => {
    expect(assessTrust(TP, unavailableVerification(TP))).toEqual({ trust: 'none', pending: false });
    expect(assessTrust(NONE, absentVerification(NONE))).toEqual({ trust: 'none', pending: false });
    expect(assessTrust(TP, absentVerification(TP))).toEqual({ trust: 'none', pending: false });
  });

  it('derived: verified, but with the provenance step not passing, is not provenance', () => {
    const v = verifiedVerification(TP);
    const skipped: VersionVerification = {
      ...v,
      steps: v.steps.map((s) => (s.step === 'provenance-bundle' ? { ...s, outcome: 'skip' as const } : s)),
    };
    expect(hasVerifiedProvenance(skipped)).toBe(false);
    expect(assessTrust(TP, skipped).trust).toBe('none');
  });

  it('derived: an approver claim with no attestation and no signature is never staged: none, marked claimed', () => {
    const claimOnly = derivedVersion(NONE, {
      publisher: { name: 'someone', approver: { name: 'maintainer' } },
      dist: { ...NONE.dist, attestations: undefined, signatures: [] },
    });
    // Before verification: nothing claimed to verify, so not pending either.
    expect(assessTrust(claimOnly, undefined)).toEqual({ trust: 'none', pending: false, claim: 'staged' });
    expect(assessTrust(claimOnly, absentVerification(claimOnly))).toEqual({
      trust: 'none',
      pending: false,
      claim: 'staged',
    });
    expect(assessTrust(claimOnly, unavailableVerification(claimOnly))).toEqual({
      trust: 'none',
      pending: false,
      claim: 'staged',
    });
  });

  it('derived: an approver claim while verification runs is pending at the level below, still marked claimed', () => {
    const staged = derivedVersion(TP, { publisher: { ...TP.publisher!, approver: { name: 'maintainer' } } });
    expect(assessTrust(staged, undefined)).toEqual({ trust: 'trusted-publisher', pending: true, claim: 'staged' });
  });

  it('derived: a verified publish attestation alone proves a staged publish; one signed with a registry-only key does not', () => {
    const publishOnly = derivedVersion(NONE, {
      publisher: { name: 'someone', approver: { name: 'maintainer' } },
      dist: { ...NONE.dist, attestations: { url: 'https://registry.example/-/npm/v1/attestations/vue@2.7.16' } },
    });
    const v = verifiedVerification(publishOnly);
    const noProvenance: VersionVerification = {
      ...v,
      steps: v.steps.map((s) => (s.step === 'provenance-bundle' ? { ...s, outcome: 'skip' as const, code: 'NOT_PRESENT' as const } : s)),
    };
    expect(hasTufVerifiedPublishAttestation(noProvenance)).toBe(true);
    expect(assessTrust(publishOnly, noProvenance)).toEqual({ trust: 'staged', pending: false });
    const registryKeyOnly: VersionVerification = {
      ...noProvenance,
      steps: noProvenance.steps.map((s) =>
        s.step === 'publish-attestation' ? { ...s, keyOrigin: 'registry' as const } : s,
      ),
    };
    expect(hasTufVerifiedPublishAttestation(registryKeyOnly)).toBe(false);
    expect(assessTrust(publishOnly, registryKeyOnly)).toEqual({ trust: 'none', pending: false, claim: 'staged' });
  });

  it('derived: a staged publish (approver) ranks highest', () => {
    const staged = derivedVersion(TP, { publisher: { ...TP.publisher!, approver: { name: 'maintainer' } } });
    expect(assessTrust(staged, verifiedVerification(staged))).toEqual({ trust: 'staged', pending: false });
    expect(TRUST_RANK.staged).toBeGreaterThan(TRUST_RANK['trusted-publisher']);
    expect(TRUST_RANK['trusted-publisher']).toBeGreaterThan(TRUST_RANK.provenance);
    expect(TRUST_RANK.provenance).toBeGreaterThan(TRUST_RANK.none);
  });
});

describe('hasVerifiedProvenance', () => {
  it('needs status verified AND a passing provenance step', () => {
    expect(hasVerifiedProvenance(undefined)).toBe(false);
    expect(hasVerifiedProvenance(verifiedVerification(TP))).toBe(true);
    expect(hasVerifiedProvenance(failedVerification(TP))).toBe(false);
    expect(hasVerifiedProvenance(absentVerification(NONE))).toBe(false);
    expect(hasVerifiedProvenance(unavailableVerification(TP))).toBe(false);
    expect(hasVerifiedProvenance({ ...failedVerification(TP), status: 'verified' })).toBe(false);
  });
});

describe('describeTrust', () => {
  it('has a phrase for every level', () => {
    expect(describeTrust('staged')).toBe(
      'a staged publish approved by a maintainer (per the registry), with verified attestations',
    );
    expect(describeTrust('trusted-publisher')).toBe('trusted publishing with verified provenance');
    expect(describeTrust('provenance')).toBe('verified provenance');
    expect(describeTrust('none')).toBe('no verified provenance');
  });
});

describe('providerOf', () => {
  const withId = (id: string) => derivedVersion(TP, { publisher: { name: 'ci', trustedPublisher: { id } } });

  it.each([
    ['github', { provider: 'github', label: 'GitHub Actions', rawId: 'github' }],
    ['GitHub', { provider: 'github', label: 'GitHub Actions', rawId: 'GitHub' }],
    ['gitlab', { provider: 'gitlab', label: 'GitLab CI/CD', rawId: 'gitlab' }],
    ['circleci', { provider: 'circleci', label: 'CircleCI', rawId: 'circleci' }],
    ['buildkite', { provider: 'unknown', label: 'buildkite', rawId: 'buildkite' }],
    ['<script>x</script>', { provider: 'unknown', label: '<script>x</script>', rawId: '<script>x</script>' }],
  ])('derived: trusted publisher id %j', (id, expected) => {
    expect(providerOf(withId(id), undefined)).toEqual(expected);
  });

  it('the recorded trusted publisher (vue 3.5.27) is GitHub Actions', () => {
    expect(providerOf(TP, undefined)).toEqual({ provider: 'github', label: 'GitHub Actions', rawId: 'github' });
  });

  it('the trusted publisher id wins over the certificate issuer', () => {
    expect(providerOf(withId('gitlab'), { issuer: 'https://token.actions.githubusercontent.com' })?.provider).toBe(
      'gitlab',
    );
  });

  it.each([
    ['https://token.actions.githubusercontent.com', { provider: 'github', label: 'GitHub Actions' }],
    ['https://gitlab.com', { provider: 'gitlab', label: 'GitLab CI/CD' }],
    ['https://oidc.circleci.com', { provider: 'circleci', label: 'CircleCI' }],
    ['https://oidc.circleci.com/org/1234-abcd', { provider: 'circleci', label: 'CircleCI' }],
    ['https://accounts.google.com', { provider: 'unknown', label: 'https://accounts.google.com' }],
  ])('without a trusted publisher, falls back to the issuer %s', (issuer, expected) => {
    expect(providerOf(TOKEN_PROV, { issuer })).toEqual(expected);
  });

  it('is undefined with neither a trusted publisher nor an issuer', () => {
    expect(providerOf(NONE, undefined)).toBeUndefined();
    expect(providerOf(NONE, {})).toBeUndefined();
    expect(providerOf(derivedVersion(NONE, { publisher: undefined }), {})).toBeUndefined();
  });
});

describe('releaseLineOf', () => {
  it.each([
    ['3.5.27', '3', false],
    ['3.6.0-beta.5', '3', true],
    ['1.0.28-csp', '1', true],
    ['16.2.0-canary.24', '16', true],
    ['12.3.7', '12', false],
    ['1.0.0+build.5', '1', false],
    ['latest', 'latest', false],
    ['v2', 'v2', false],
  ])('%s → line %s, prerelease %s', (version, line, prerelease) => {
    expect(releaseLineOf(version)).toEqual({ line, prerelease });
  });

  it('puts every 0.x version in line 0: a release line is a semver major', () => {
    expect(releaseLineOf('0.14.5').line).toBe('0');
    expect(releaseLineOf('0.5.5').line).toBe(releaseLineOf('0.6.12').line);
  });
});
