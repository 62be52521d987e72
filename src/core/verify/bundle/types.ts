// The #/verify page's shapes. Plain data: requests and results cross the worker boundary
// by structured clone.
import type { X509Certificate } from '@sigstore/core';
import type { CertificateIdentity, CheckName, CheckResult, PredicateFacts, StepCode, TlogRef } from '../../model';
import type { RegistryKey } from '../../registry/npm-keys';
import type { InTotoStatement } from '../bundle-check';

/** The page's two checks of its own, after the six of {@link CheckName}. */
export type BundleCheckName = CheckName | 'artifact' | 'identity';

/**
 * Why a bundle (or the input as a whole) failed. The library's and the npm checks'
 * codes ({@link StepCode}) keep their meaning; these are the page's own:
 * - JSON_MALFORMED: the pasted text is not JSON (the message says where).
 * - INPUT_EMPTY: nothing was pasted or loaded.
 * - ARTIFACT_MISMATCH: the bundle verifies, but for another artifact (both digests shown).
 * - ARTIFACT_UNCOMPARABLE: the bundle names its artifact only by a digest algorithm the
 *   given digest does not use (e.g. the bundle has sha512, the input sha256).
 * - ARTIFACT_UNREADABLE: the artifact file could not be read.
 * - IDENTITY_MISMATCH: the certificate's SAN or issuer is not the expected one.
 * - DIGEST_INVALID, IDENTITY_INVALID, ISSUER_INVALID, TRUSTED_ROOT_INVALID,
 *   PUBLIC_KEY_INVALID: an input field cannot be used (see {@link InputField}).
 */
export type BundleVerdictCode =
  | StepCode
  | 'JSON_MALFORMED'
  | 'INPUT_EMPTY'
  | 'ARTIFACT_MISMATCH'
  | 'ARTIFACT_UNCOMPARABLE'
  | 'ARTIFACT_UNREADABLE'
  | 'IDENTITY_MISMATCH'
  | 'DIGEST_INVALID'
  | 'IDENTITY_INVALID'
  | 'ISSUER_INVALID'
  | 'TRUSTED_ROOT_INVALID'
  | 'PUBLIC_KEY_INVALID';

export interface BundleCheckResult {
  name: BundleCheckName;
  state: CheckResult['state'];
  message?: string;
  /** The code of a failed check. */
  code?: BundleVerdictCode;
}

export type InputField = 'bundle' | 'artifact' | 'digest' | 'identity' | 'issuer' | 'trusted-root' | 'public-key';

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

export interface Digest {
  algorithm: DigestAlgorithm;
  hex: string;
}

export interface VerifyBundleRequest {
  /** The pasted or loaded text: a Sigstore bundle, or an npm attestations response. */
  bundle: string;
  /** The artifact itself; hashed (and, for message signatures, verified) in the worker. */
  artifact?: Blob;
  artifactName?: string;
  /** `sha256:<hex>`, `sha384:<hex>`, `sha512:<hex>`, an SRI string, or bare hex. */
  digest?: string;
  /** A certificate SAN as stated, or `owner/repo[:workflow.yml][@ref]` for GitHub Actions. */
  identity?: string;
  /** The OIDC issuer the certificate must name. */
  issuer?: string;
  /** Another Sigstore instance's trusted root (JSON text); empty: the bundled public-good root. */
  trustedRoot?: string;
  /** A PEM or base64 SPKI public key, for bundles signed with a key. */
  publicKey?: string;
  /** npm's registry keys the user selected (for npm's publish attestations). */
  npmKeys?: RegistryKey[];
}

export interface ExpectedIdentity {
  /** What the user typed. */
  input: string;
  /** The rule, in words: "exactly …" or "any workflow of github.com/o/r …". */
  rule: string;
}

export interface IdentityComparison {
  expectedSan?: ExpectedIdentity;
  expectedIssuer?: string;
  /** True when the issuer was implied by a GitHub shorthand, not typed. */
  issuerImplied?: boolean;
  actualSan?: string;
  actualIssuer?: string;
  sanMatches?: boolean;
  issuerMatches?: boolean;
}

export interface ArtifactComparison {
  /** The digests of the artifact (computed from the file or given). */
  artifact: Digest[];
  /** What the bundle binds itself to: its subjects' digests, or its message digest. */
  bundle: { name?: string; digests: Digest[] }[];
  matched?: { name?: string; digest: Digest };
}

export interface BundleSigner {
  kind: 'certificate' | 'public-key';
  /** The key hint the bundle names (key-signed bundles). */
  keyHint?: string;
  /** Which key verified it: one of npm's (by id) or the one the user gave. */
  keySource?: 'npm' | 'provided';
}

export interface BundleVerdict {
  /** "Bundle", or "Attestation 2 of 2" in an attestations response. */
  label: string;
  /** The `predicateType` the attestations response lists for this bundle. */
  declaredPredicateType?: string;
  verdict: 'verified' | 'failed';
  /** `OK` when verified; else the code of the first check that failed. */
  code: BundleVerdictCode;
  message: string;
  /** Which input field the failure is about, when it is about one. */
  field?: InputField;
  checks: BundleCheckResult[];
  mediaType?: string;
  content?: 'dsse' | 'message-signature';
  signer?: BundleSigner;
  identity?: CertificateIdentity;
  identityComparison?: IdentityComparison;
  artifactComparison?: ArtifactComparison;
  /** The in-toto statement, pretty-printed JSON text (shown as text, never HTML). */
  statementText?: string;
  predicateType?: string;
  predicate?: PredicateFacts;
  messageDigest?: Digest | { algorithm: string; hex: string };
  tlog?: TlogRef;
  /** Things the verdict does not cover (no expected identity, no artifact). */
  notes: string[];
}

export interface TrustedRootSummary {
  source: 'public-good' | 'custom';
  /** sha256 of the root's JSON (as parsed and re-serialised), hex. */
  fingerprint: string;
  tlogs: string[];
  certificateAuthorities: number;
  timestampAuthorities: number;
}

export interface VerifyBundleResult {
  input: 'bundle' | 'attestations' | 'invalid';
  verdicts: BundleVerdict[];
  trustedRoot?: TrustedRootSummary;
  artifact?: { name?: string; size: number; digests: Digest[] };
  /** The key id (`SHA256:…`) of the public key the user gave. */
  providedKeyId?: string;
}

export interface ArtifactDigests {
  size: number;
  digests: Digest[];
  /** The bytes, when the file is small enough to hold (message signatures are checked over them). */
  bytes?: Uint8Array;
}

/** An input parsed, or why it cannot be used. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The expected signer: a SAN as stated, or a GitHub Actions repository (see identity-rule.ts). */
export type IdentityRule =
  | { kind: 'exact'; input: string; rule: string; san: string }
  | { kind: 'github'; input: string; rule: string; owner: string; repo: string; workflow?: string; ref?: string };

/** What the user expects of every bundle: the artifact's digests and the signer. */
export interface Policy {
  digests: Digest[];
  artifactBytes?: Uint8Array;
  identity?: IdentityRule;
  issuer?: string;
  issuerImplied: boolean;
}

/** What both kinds of bundle report before the page's own checks (artifact, identity). */
export interface BaseCheck {
  ok: boolean;
  code: BundleVerdictCode;
  message: string;
  checks: BundleCheckResult[];
  mediaType?: string;
  content?: 'dsse' | 'message-signature';
  certificate?: X509Certificate;
  keyHint?: string;
  statement?: InTotoStatement;
  messageDigest?: Digest | { algorithm: string; hex: string };
  tlog?: TlogRef;
}
