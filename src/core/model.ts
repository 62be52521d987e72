// The shapes that flow through the app (see ../shared/design.md). All plain data:
// they cross the worker boundary by structured clone, so no classes, no functions.

import type { ChartSeries } from './analysis/analysis-facts';

/** What the registry says about one version; nothing derived, nothing verified. */
export interface VersionRecord {
  name: string;
  version: string;
  /**
   * ISO time from the packument's `time` map (strict ISO 8601, normalised to UTC);
   * undefined when the registry omits it or sends something else.
   */
  publishedAt?: string;
  /** The registry's `time` value when it is not an ISO 8601 date-time (shown, never charted). */
  invalidTime?: string;
  distTags: string[];
  publisher?: Publisher;
  dist: {
    integrity?: string;
    shasum?: string;
    tarball?: string;
    signatures: RegistrySignature[];
    /** Present when the registry claims attestations for this version. */
    attestations?: { url: string; provenancePredicateType?: string };
  };
  /** `repository.url` of this version's manifest, as written (not normalised). */
  repositoryUrl?: string;
  repositoryDirectory?: string;
  gitHead?: string;
  /** Only the lifecycle scripts that run on install. */
  installScripts: Partial<Record<InstallScriptName, string>>;
  /**
   * Always present in the registry worker's full record; absent from the compact records
   * the main thread holds (`compactVersion`): the screens that need it (compare, export)
   * ask the registry worker for the version's full record (`loadVersionRecords`).
   */
  dependencies?: Record<string, string>;
  deprecated?: string;
}

export const INSTALL_SCRIPT_NAMES = ['preinstall', 'install', 'postinstall'] as const;
export type InstallScriptName = (typeof INSTALL_SCRIPT_NAMES)[number];

export interface RegistrySignature {
  keyid: string;
  sig: string;
}

/** Who published a version, per `_npmUser` (untrusted metadata, shown as it is). */
export interface Publisher {
  name: string;
  email?: string;
  /** `_npmUser.trustedPublisher`: publishing through an OIDC trusted publisher. */
  trustedPublisher?: { id: string; oidcConfigId?: string };
  /** `_npmUser.approver`: a staged publish approved by this account. */
  approver?: { name: string; email?: string };
  /** `_npmUser.actor`: the account that acted, when npm records it. */
  actor?: { name: string; type?: string };
}

/** A package's history as the registry reports it. */
export interface PackageRecord {
  name: string;
  description?: string;
  distTags: Record<string, string>;
  repositoryUrl?: string;
  /** Every version in `versions`, newest publish first. */
  versions: VersionRecord[];
  /** Versions listed in `time` but absent from `versions`: published, then removed. */
  removedVersions: { version: string; publishedAt: string }[];
  createdAt?: string;
  modifiedAt?: string;
}

// ---------------------------------------------------------------------------
// Verification

export type StepOutcome = 'pass' | 'fail' | 'skip';

export type VerificationStatus = 'verified' | 'failed' | 'absent' | 'unavailable';

export type StepName =
  | 'provenance-bundle'
  | 'publish-attestation'
  | 'subject-binding'
  | 'registry-signature';

/**
 * Reason codes, one union for all steps so that the UI and tests can tell failures
 * apart. Codes that come from @sigstore/verify keep its names (TLOG_*, CERTIFICATE_*,
 * SIGNATURE_ERROR, TIMESTAMP_ERROR); ours describe the npm-specific checks.
 */
export type StepCode =
  // shared
  | 'OK'
  | 'NOT_PRESENT'
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_UNSUPPORTED_VERSION'
  | 'PAYLOAD_MALFORMED'
  // from @sigstore/verify
  | 'TLOG_ERROR'
  | 'TLOG_INCLUSION_PROOF_ERROR'
  | 'TLOG_INCLUSION_PROMISE_ERROR'
  | 'TLOG_MISSING_INCLUSION_ERROR'
  | 'TLOG_BODY_ERROR'
  | 'CERTIFICATE_ERROR'
  | 'PUBLIC_KEY_ERROR'
  | 'SIGNATURE_ERROR'
  | 'TIMESTAMP_ERROR'
  | 'UNTRUSTED_SIGNER_ERROR'
  | 'NOT_IMPLEMENTED_ERROR'
  | 'VERIFICATION_ERROR'
  // npm-specific
  | 'ATTESTATIONS_UNAVAILABLE'
  | 'ATTESTATION_MISSING'
  | 'PREDICATE_TYPE_UNEXPECTED'
  | 'KEY_NOT_FOUND'
  | 'KEY_NOT_VALID_AT_TIME'
  | 'SUBJECT_NAME_MISMATCH'
  | 'SUBJECT_DIGEST_MISMATCH'
  | 'SUBJECT_MISSING'
  | 'INTEGRITY_MISSING'
  | 'INTEGRITY_NOT_SHA512'
  | 'REGISTRY_SIGNATURE_INVALID'
  | 'REGISTRY_SIGNATURE_MISSING';

export interface StepResult {
  step: StepName;
  /** `skip`: the step had nothing to check (no attestation, no signature to check). */
  outcome: StepOutcome;
  code: StepCode;
  message: string;
  /** Sub-checks inside a step (e.g. tlog, certificate chain), in the order they ran. */
  checks?: CheckResult[];
  /** The key that verified this step, when a key was used. */
  keyId?: string;
  /**
   * Who vouches for that key: Sigstore's TUF repository (bundled), or only the registry
   * being browsed (flagged on the screen: a mirror can serve a key of its own).
   */
  keyOrigin?: 'tuf' | 'registry';
}

/**
 * The checks inside one bundle's verification, in the order @sigstore/verify runs them
 * (format, timestamps, signing key, transparency log, signature) and then ours (the
 * in-toto statement inside the envelope).
 */
export type CheckName =
  | 'bundle-format'
  | 'timestamps'
  | 'signing-key'
  | 'transparency-log'
  | 'signature'
  | 'statement';

export interface CheckResult {
  name: CheckName;
  state: 'passed' | 'failed' | 'not-run';
  message?: string;
}

export interface VersionVerification {
  name: string;
  version: string;
  status: VerificationStatus;
  steps: StepResult[];
  /** Why the attestations were unavailable (HTTP status, network). */
  unavailableReason?: string;
  identity?: CertificateIdentity;
  predicate?: PredicateFacts;
  /** The provenance's transparency-log entry (for the Rekor link). */
  provenanceLog?: TlogRef;
  publishLog?: TlogRef;
  /** The bundle formats seen, e.g. `v0.3`, for the detail view. */
  bundleMediaTypes?: string[];
}

export interface TlogRef {
  logIndex: string;
  integratedTime?: string;
  kind?: string;
  logBaseUrl?: string;
}

/** Fulcio certificate extensions (OID 1.3.6.1.4.1.57264.1.8 to .23) by name. */
export interface CertificateIdentity {
  subjectAlternativeName?: string;
  issuer?: string;
  buildSignerUri?: string;
  buildSignerDigest?: string;
  runnerEnvironment?: string;
  sourceRepositoryUri?: string;
  sourceRepositoryDigest?: string;
  sourceRepositoryRef?: string;
  sourceRepositoryIdentifier?: string;
  sourceRepositoryOwnerUri?: string;
  sourceRepositoryOwnerIdentifier?: string;
  buildConfigUri?: string;
  buildConfigDigest?: string;
  buildTrigger?: string;
  runInvocationUri?: string;
  sourceRepositoryVisibilityAtSigning?: string;
  deploymentEnvironment?: string;
}

/** The same questions answered by the SLSA predicate (workflow-controlled). */
export interface PredicateFacts {
  predicateType: string;
  buildType?: string;
  builderId?: string;
  repository?: string;
  workflowPath?: string;
  ref?: string;
  event?: string;
  commit?: string;
  invocationId?: string;
}

// ---------------------------------------------------------------------------
// Analysis

export type TrustLevel = 'staged' | 'trusted-publisher' | 'provenance' | 'none';

export type Provider = 'github' | 'gitlab' | 'circleci' | 'unknown';

export type Severity = 'high' | 'medium' | 'low' | 'info';

export type FindingKind =
  | 'trust-downgrade'
  | 'publisher-change'
  | 'source-change'
  | 'self-hosted-runner'
  | 'identity-mismatch'
  | 'verification-failed'
  | 'verification-unavailable'
  | 'install-scripts-added'
  | 'version-removed'
  | 'publish-burst'
  | 'unusual-trigger'
  | 'log-time-gap'
  | 'content-mismatch';

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** The versions concerned: the subject first, then what it is compared with. */
  versions: string[];
  /** A full sentence a reviewer understands, with the context that explains it. */
  message: string;
}

/** One version with everything the screens show about it, derived by the analysis. */
export interface VersionView {
  record: VersionRecord;
  /** Undefined while the version's verification has not finished. */
  verification?: VersionVerification;
  /** The trust level the evidence supports (see analysis/trust-level.ts). */
  trust: TrustLevel;
  /**
   * True while the level rests on what the registry claims and verification has not
   * finished: the screen says "claimed" until the proof is in.
   */
  trustPending: boolean;
  /**
   * A higher level the registry claims that the evidence does not prove (`staged`: an
   * `_npmUser.approver` with no verified provenance or publish attestation). The screens
   * show it marked "claimed"; `trust` stays the level the evidence supports.
   */
  trustClaim?: 'staged';
  provider?: ProviderInfo;
  /**
   * The release line: the semver major (`3`, and `0` for every 0.x version), as the
   * history analysis defines a line; a version that is not semver is a line of its own.
   */
  releaseLine: string;
  prerelease: boolean;
  /** Indexes into {@link PackageAnalysis.findings} that name this version. */
  findingIndexes: number[];
}

export interface ProviderInfo {
  provider: Provider;
  /** The label to show: `GitHub Actions`, `GitLab CI/CD`, `CircleCI`, or the raw id. */
  label: string;
  /** The raw `trustedPublisher.id`, shown as it is when the provider is unknown. */
  rawId?: string;
  /**
   * True when the provider was read from a signing certificate whose verification did not
   * succeed (or has not finished): shown, but marked "not proven".
   */
  unproven?: boolean;
}

export interface PackageSummary {
  latestVersion?: string;
  latestTrust?: TrustLevel;
  versionCount: number;
  verifiedCount: number;
  /** Versions whose verification finished (verified, failed, absent or unavailable). */
  settledCount: number;
  /** Share of versions whose provenance verified, 0..1, over all versions. */
  verifiedShare: number;
  publishers: { label: string; kind: 'person' | 'trusted-publisher'; versions: number }[];
  findingsBySeverity: Record<Severity, number>;
}

export interface PackageAnalysis {
  /** Newest publish first, like {@link PackageRecord.versions}. */
  versions: VersionView[];
  findings: Finding[];
  summary: PackageSummary;
  /**
   * The charts' series, when the analysis ran in the registry worker (aggregated there);
   * otherwise the charts compute them (analysis/chart-series.ts).
   */
  charts?: ChartSeries;
}
