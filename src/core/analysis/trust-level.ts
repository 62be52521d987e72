// The trust level a version's evidence supports, strongest first:
//   staged            `_npmUser.approver` AND verified evidence: verified provenance, or a
//                     publish attestation verified with a key Sigstore's TUF repository
//                     vouches for. The approval itself is unsigned registry metadata: the
//                     evidence proves the publish went through npm, not that anyone approved it.
//   trusted-publisher `_npmUser.trustedPublisher` and verified provenance
//   provenance        verified provenance (published with a token)
//   none
// Registry metadata alone proves nothing, so a claim counts only once verified; until
// verification finishes the claimed level is shown, marked pending. An approver claim
// that no evidence backs is never `staged`: it is reported as `claim: 'staged'` next to
// the level the evidence supports, and the screens mark it "claimed".
import semverParse from 'semver/functions/parse.js';
import type { CertificateIdentity, ProviderInfo, TrustLevel, VersionRecord, VersionVerification } from '../model';
import { GITHUB_ACTIONS_ISSUER } from '../verify/issuers';

export const TRUST_RANK: Record<TrustLevel, number> = {
  none: 0,
  provenance: 1,
  'trusted-publisher': 2,
  staged: 3,
};

export interface TrustAssessment {
  trust: TrustLevel;
  pending: boolean;
  /**
   * A higher level the registry claims and the evidence does not (yet) prove: today only
   * `staged`, from `_npmUser.approver`. Absent when the claim is proven or not made.
   */
  claim?: 'staged';
}

export function assessTrust(record: VersionRecord, verification: VersionVerification | undefined): TrustAssessment {
  // Attestations can be a publish attestation alone: only a provenance claim counts here.
  const claimsProvenance = record.dist.attestations?.provenancePredicateType !== undefined;
  const claimsApproval = record.publisher?.approver !== undefined;
  if (!verification) {
    // Pending: the claimed level below `staged`; the approval stays a claim until proven.
    const assessment: TrustAssessment = {
      trust: levelFor(record, claimsProvenance, false),
      pending: claimsProvenance || (claimsApproval && record.dist.attestations !== undefined),
    };
    return claimsApproval ? { ...assessment, claim: 'staged' } : assessment;
  }
  // A failed verification is evidence of tampering or breakage: no claim counts then.
  if (verification.status === 'failed') {
    return claimsApproval ? { trust: 'none', pending: false, claim: 'staged' } : { trust: 'none', pending: false };
  }
  const provenance = hasVerifiedProvenance(verification);
  const evidence = provenance || hasTufVerifiedPublishAttestation(verification);
  const trust = levelFor(record, provenance, evidence);
  return claimsApproval && trust !== 'staged' ? { trust, pending: false, claim: 'staged' } : { trust, pending: false };
}

export function hasVerifiedProvenance(verification: VersionVerification | undefined): boolean {
  if (verification?.status !== 'verified') return false;
  return verification.steps.some((s) => s.step === 'provenance-bundle' && s.outcome === 'pass');
}

/**
 * A publish attestation that verified with a key from Sigstore's TUF repository: a key
 * only the browsed registry vouches for (a mirror can serve its own) proves nothing.
 */
export function hasTufVerifiedPublishAttestation(verification: VersionVerification | undefined): boolean {
  if (verification?.status !== 'verified') return false;
  return verification.steps.some(
    (s) => s.step === 'publish-attestation' && s.outcome === 'pass' && s.keyOrigin !== 'registry',
  );
}

function levelFor(record: VersionRecord, provenance: boolean, stagedEvidence: boolean): TrustLevel {
  if (record.publisher?.approver && stagedEvidence) return 'staged';
  if (provenance && record.publisher?.trustedPublisher) return 'trusted-publisher';
  if (provenance) return 'provenance';
  return 'none';
}

export function describeTrust(level: TrustLevel): string {
  switch (level) {
    case 'staged':
      return 'a staged publish approved by a maintainer (per the registry), with verified attestations';
    case 'trusted-publisher':
      return 'trusted publishing with verified provenance';
    case 'provenance':
      return 'verified provenance';
    case 'none':
      return 'no verified provenance';
  }
}

// ---------------------------------------------------------------------------
// Providers

const PROVIDERS: Record<string, Omit<ProviderInfo, 'rawId'>> = {
  github: { provider: 'github', label: 'GitHub Actions' },
  gitlab: { provider: 'gitlab', label: 'GitLab CI/CD' },
  circleci: { provider: 'circleci', label: 'CircleCI' },
};

const ISSUERS: Record<string, keyof typeof PROVIDERS> = {
  [GITHUB_ACTIONS_ISSUER]: 'github',
  'https://gitlab.com': 'gitlab',
  'https://oidc.circleci.com': 'circleci',
};

/**
 * The CI system behind a version: the trusted publisher's id when there is one (an
 * unknown id is shown as it is, never dropped), else the certificate's OIDC issuer.
 */
export function providerOf(record: VersionRecord, identity: CertificateIdentity | undefined): ProviderInfo | undefined {
  const id = record.publisher?.trustedPublisher?.id;
  if (id) {
    const known = PROVIDERS[id.toLowerCase()];
    return known ? { ...known, rawId: id } : { provider: 'unknown', label: id, rawId: id };
  }
  const issuer = identity?.issuer;
  if (!issuer) return undefined;
  const byIssuer = ISSUERS[issuer] ?? (issuer.startsWith('https://oidc.circleci.com') ? 'circleci' : undefined);
  if (byIssuer) return PROVIDERS[byIssuer];
  return { provider: 'unknown', label: issuer };
}

// ---------------------------------------------------------------------------
// Release lines

export interface ReleaseLine {
  line: string;
  prerelease: boolean;
}

/** Versions of one major are one line; what is not semver is a line of its own. */
export function releaseLineOf(version: string): ReleaseLine {
  const parsed = semverParse(version);
  if (!parsed) return { line: version, prerelease: false };
  return { line: String(parsed.major), prerelease: parsed.prerelease.length > 0 };
}
