// Test-only builders of DERIVED verification results. The fixture registry has no
// recorded attestations for the recorded packuments (vue, create-next-app, …), so the
// analysis tests fabricate what the verifier would have reported: for a version that
// claims `dist.attestations`, a 'verified' result with a passing provenance step and a
// certificate identity that matches the packument's own repository. Every test that
// uses these says "derived" in its name.
import type {
  CertificateIdentity,
  PackageRecord,
  PredicateFacts,
  StepResult,
  VersionRecord,
  VersionVerification,
} from '../../src/core/model';
import { canonicalRepositoryUrl } from '../../src/core/analysis/source-url';
import type { VerificationLookup } from '../../src/core/analysis/analyze-package';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

const PASS = (step: StepResult['step']): StepResult => ({
  step,
  outcome: 'pass',
  code: 'OK',
  message: 'derived: passed',
});

/** DERIVED identity: the certificate a GitHub Actions release of `record` would carry. */
export function derivedIdentity(
  record: VersionRecord,
  changes: Partial<CertificateIdentity> = {},
): CertificateIdentity {
  const repo = canonicalRepositoryUrl(record.repositoryUrl) ?? `https://github.com/example/${record.name}`;
  const ref = `refs/tags/v${record.version}`;
  const identity: CertificateIdentity = {
    subjectAlternativeName: `${repo}/.github/workflows/release.yml@${ref}`,
    issuer: GITHUB_ISSUER,
    buildSignerUri: `${repo}/.github/workflows/release.yml@${ref}`,
    runnerEnvironment: 'github-hosted',
    sourceRepositoryUri: repo,
    sourceRepositoryRef: ref,
    buildConfigUri: `${repo}/.github/workflows/release.yml@${ref}`,
    buildTrigger: 'push',
  };
  // The certificate's commit is the one the packument's gitHead names, when it has one.
  if (record.gitHead) identity.sourceRepositoryDigest = record.gitHead;
  return { ...identity, ...changes };
}

/** DERIVED predicate facts that agree with {@link derivedIdentity}. */
export function derivedPredicate(identity: CertificateIdentity, changes: Partial<PredicateFacts> = {}): PredicateFacts {
  const facts: PredicateFacts = {
    predicateType: 'https://slsa.dev/provenance/v1',
    repository: identity.sourceRepositoryUri,
    workflowPath: '.github/workflows/release.yml',
    ref: identity.sourceRepositoryRef,
    event: 'push',
  };
  if (identity.sourceRepositoryDigest) facts.commit = identity.sourceRepositoryDigest;
  return { ...facts, ...changes };
}

/** DERIVED: a 'verified' result with all four steps passing (registry signature too). */
export function verifiedVerification(
  record: VersionRecord,
  options: { identity?: Partial<CertificateIdentity>; predicate?: Partial<PredicateFacts> | false } = {},
): VersionVerification {
  const identity = derivedIdentity(record, options.identity);
  const verification: VersionVerification = {
    name: record.name,
    version: record.version,
    status: 'verified',
    steps: [
      PASS('provenance-bundle'),
      PASS('publish-attestation'),
      PASS('subject-binding'),
      PASS('registry-signature'),
    ],
    identity,
  };
  if (options.predicate !== false) verification.predicate = derivedPredicate(identity, options.predicate || {});
  return verification;
}

/** DERIVED: what verifyVersion reports for a version that claims no attestations. */
export function absentVerification(record: VersionRecord): VersionVerification {
  const skip = (step: StepResult['step']): StepResult => ({
    step,
    outcome: 'skip',
    code: 'NOT_PRESENT',
    message: 'derived: not claimed',
  });
  return {
    name: record.name,
    version: record.version,
    status: 'absent',
    steps: [
      skip('provenance-bundle'),
      skip('publish-attestation'),
      skip('subject-binding'),
      PASS('registry-signature'),
    ],
  };
}

/** DERIVED: a failed provenance bundle (a tampered signature, as the library reports it). */
export function failedVerification(record: VersionRecord): VersionVerification {
  return {
    name: record.name,
    version: record.version,
    status: 'failed',
    steps: [
      {
        step: 'provenance-bundle',
        outcome: 'fail',
        code: 'TLOG_BODY_ERROR',
        message: 'SLSA provenance: tlog entry signature mismatch',
      },
      PASS('publish-attestation'),
      PASS('subject-binding'),
      PASS('registry-signature'),
    ],
    identity: derivedIdentity(record),
  };
}

/** DERIVED: the attestations could not be fetched (HTTP 503). */
export function unavailableVerification(record: VersionRecord, reason = 'HTTP 503'): VersionVerification {
  const skip = (step: StepResult['step']): StepResult => ({
    step,
    outcome: 'skip',
    code: 'ATTESTATIONS_UNAVAILABLE',
    message: `derived: ${reason}`,
  });
  return {
    name: record.name,
    version: record.version,
    status: 'unavailable',
    unavailableReason: reason,
    steps: [
      skip('provenance-bundle'),
      skip('publish-attestation'),
      skip('subject-binding'),
      PASS('registry-signature'),
    ],
  };
}

/**
 * DERIVED lookup for a whole recorded package: every version that claims attestations
 * is 'verified' with an identity matching its packument's repository; the others are
 * 'absent'. `overrides` replaces chosen versions' results (undefined = still pending).
 */
export function derivedLookup(
  pkg: PackageRecord,
  overrides: Record<string, VersionVerification | undefined> = {},
): VerificationLookup {
  const byVersion = new Map<string, VersionVerification | undefined>();
  for (const record of pkg.versions) {
    byVersion.set(record.version, record.dist.attestations ? verifiedVerification(record) : absentVerification(record));
  }
  for (const [version, verification] of Object.entries(overrides)) byVersion.set(version, verification);
  return (version) => byVersion.get(version);
}
