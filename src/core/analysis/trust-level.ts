// The trust level a version's evidence supports, strongest first:
//   staged            `_npmUser.approver`: a person approved the publish
//   trusted-publisher `_npmUser.trustedPublisher` and verified provenance
//   provenance        verified provenance (published with a token)
//   none
// Registry metadata alone proves nothing, so a claim counts only once verified; until
// verification finishes the claimed level is shown, marked pending.
import semver from 'semver';
import type {
  CertificateIdentity,
  ProviderInfo,
  TrustLevel,
  VersionRecord,
  VersionVerification,
} from '../model';
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
}

export function assessTrust(record: VersionRecord, verification: VersionVerification | undefined): TrustAssessment {
  // Attestations can be a publish attestation alone: only a provenance claim counts here.
  const claimsProvenance = record.dist.attestations?.provenancePredicateType !== undefined;
  if (!verification) {
    return { trust: levelFor(record, claimsProvenance), pending: claimsProvenance };
  }
  // A failed verification is evidence of tampering or breakage: no claim counts then.
  if (verification.status === 'failed') return { trust: 'none', pending: false };
  return { trust: levelFor(record, hasVerifiedProvenance(verification)), pending: false };
}

export function hasVerifiedProvenance(verification: VersionVerification | undefined): boolean {
  if (verification?.status !== 'verified') return false;
  return verification.steps.some((s) => s.step === 'provenance-bundle' && s.outcome === 'pass');
}

function levelFor(record: VersionRecord, provenance: boolean): TrustLevel {
  if (record.publisher?.approver) return 'staged';
  if (provenance && record.publisher?.trustedPublisher) return 'trusted-publisher';
  if (provenance) return 'provenance';
  return 'none';
}

export function describeTrust(level: TrustLevel): string {
  switch (level) {
    case 'staged':
      return 'a staged publish approved by a maintainer';
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
  const parsed = semver.parse(version);
  if (!parsed) return { line: version, prerelease: false };
  return { line: String(parsed.major), prerelease: parsed.prerelease.length > 0 };
}
