// Verifies Sigstore bundles that someone holds (the #/verify page): one pasted bundle
// or a whole npm attestations response, checked against an artifact or its digest, an
// expected signer and a trusted root of the user's choosing. Runs in a verifier worker.
//
// Unlike the package timeline, a bundle here may sign a bare message (cosign
// sign-blob, GitHub's `gh attestation` for blobs): that is a legitimate bundle on this
// page, bound to the artifact by its message digest instead of an in-toto subject.
// Everything in the request is untrusted input: every failure is a result with a code
// and a sentence, never an exception.
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { type X509Certificate, crypto as sigstoreCrypto } from '@sigstore/core';
import { HashAlgorithm, TrustedRoot } from '@sigstore/protobuf-specs';
import {
  Verifier,
  toSignedEntity,
  toTrustMaterial,
  type KeyFinderFunc,
  type SignedEntity,
  type TrustMaterial,
} from '@sigstore/verify';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { Buffer } from 'buffer';
import { hex, resolveWithWebCrypto, signatureCache } from '../crypto/signature-cache';
import type { CertificateIdentity, CheckName, CheckResult, PredicateFacts, StepCode, TlogRef } from '../model';
import { keyValidAt, type RegistryKey } from '../registry/npm-keys';
import {
  SUPPORTED_BUNDLE_MEDIA_TYPES,
  checkBundle,
  leafCertificate,
  libraryFailure,
  type BundleCheck,
  type LibraryFailure,
  type InTotoStatement,
} from './bundle-check';
import { withoutStackTraces } from './verify-version-fast';
import { installFastDerEncoder } from './fast-der-encoder';
import { certificateIdentity, predicateFacts } from './identity';
import { KeyNotFoundError } from './verification-context';

// ---------------------------------------------------------------------------
// Shapes (plain data: they cross the worker boundary by structured clone)

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

// ---------------------------------------------------------------------------
// Trust material, per trusted root

interface CachedRoot {
  material: TrustMaterial;
  tlogBaseUrls: Map<string, string>;
  summary: TrustedRootSummary;
}

/** Trust material by root fingerprint: building it parses every CA certificate and log key. */
export interface TrustRootCache {
  roots: Map<string, CachedRoot>;
}

const MAX_CACHED_ROOTS = 4;

export function createTrustRootCache(): TrustRootCache {
  return { roots: new Map() };
}

export interface VerifyBundleDefaults {
  /** The bundled public-good trusted root (JSON form). */
  trustedRoot: unknown;
  cache: TrustRootCache;
}

// ---------------------------------------------------------------------------

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** Bigger than any bundle or attestations response; a guard against pasting a tarball. */
export const MAX_BUNDLE_TEXT = 10 * 1024 * 1024;

/** Up to this size the artifact is read whole (WebCrypto hashes it; message signatures need it). */
const WHOLE_ARTIFACT_LIMIT = 256 * 1024 * 1024;

export async function verifyBundle(
  request: VerifyBundleRequest,
  defaults: VerifyBundleDefaults,
): Promise<VerifyBundleResult> {
  installFastDerEncoder();

  // The inputs, each checked on its own so that the page can point at the field.
  const text = request.bundle.trim();
  if (!text)
    return invalid(
      'INPUT_EMPTY',
      'bundle',
      'Paste a Sigstore bundle or an npm attestations response, or load a .sigstore.json file.',
    );
  if (text.length > MAX_BUNDLE_TEXT) {
    return invalid(
      'BUNDLE_MALFORMED',
      'bundle',
      `The input is ${text.length} characters long: far more than any Sigstore bundle. Is it the artifact?`,
    );
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return invalid('JSON_MALFORMED', 'bundle', `The input is not valid JSON ${parsed.message}`);

  const digestInput = request.digest?.trim() ? parseDigestInput(request.digest) : undefined;
  if (digestInput && !digestInput.ok) return invalid('DIGEST_INVALID', 'digest', digestInput.message);

  const identity = request.identity?.trim() ? parseIdentityInput(request.identity) : undefined;
  if (identity && !identity.ok) return invalid('IDENTITY_INVALID', 'identity', identity.message);

  const issuer = request.issuer?.trim();
  if (issuer && !/^https?:\/\/\S+$/.test(issuer)) {
    return invalid(
      'ISSUER_INVALID',
      'issuer',
      `The issuer "${issuer}" is not a URL; OIDC issuers are, e.g. ${GITHUB_ACTIONS_ISSUER}.`,
    );
  }

  const provided = request.publicKey?.trim() ? await parseProvidedKey(request.publicKey) : undefined;
  if (provided && !provided.ok) return invalid('PUBLIC_KEY_INVALID', 'public-key', provided.message);

  const root = await trustRoot(request.trustedRoot, defaults);
  if (!root.ok) return invalid('TRUSTED_ROOT_INVALID', 'trusted-root', root.message);

  let artifact: ArtifactDigests | undefined;
  if (request.artifact) {
    try {
      artifact = await digestArtifact(request.artifact);
    } catch (error) {
      return invalid(
        'ARTIFACT_UNREADABLE',
        'artifact',
        `The artifact file could not be read: ${errorText(error)}.`,
        root.value.summary,
      );
    }
  }
  const expectedDigests = artifact?.digests ?? (digestInput?.ok ? digestInput.digests : []);
  if (artifact && digestInput?.ok) {
    const conflict = digestInput.digests.find((d) =>
      artifact.digests.some((a) => a.algorithm === d.algorithm && a.hex !== d.hex),
    );
    if (conflict) {
      const own = artifact.digests.find((a) => a.algorithm === conflict.algorithm);
      return invalid(
        'DIGEST_INVALID',
        'digest',
        `The digest given (${conflict.algorithm}:${conflict.hex}) is not the artifact file's (${conflict.algorithm}:${own?.hex ?? '?'}). Give one or the other, or the right pair.`,
        root.value.summary,
      );
    }
  }

  const policy: Policy = {
    digests: expectedDigests,
    artifactBytes: artifact?.bytes,
    identity: identity?.ok ? identity.value : undefined,
    issuer: issuer || (identity?.ok && identity.value.kind === 'github' ? GITHUB_ACTIONS_ISSUER : undefined),
    issuerImplied: !issuer && identity?.ok === true && identity.value.kind === 'github',
  };
  const keys: KeyChoice = { npm: request.npmKeys ?? [], provided: provided?.ok ? provided.value : undefined };
  const verifier = new Verifier({ ...root.value.material, publicKey: keyFinder(keys) });

  const entries = bundleEntries(parsed.value);
  const result: VerifyBundleResult = {
    input: entries.kind,
    verdicts: [],
    trustedRoot: root.value.summary,
  };
  if (artifact) {
    result.artifact = { size: artifact.size, digests: artifact.digests };
    if (request.artifactName) result.artifact.name = request.artifactName;
  }
  if (provided?.ok) result.providedKeyId = provided.value.keyId;
  if (entries.kind === 'invalid') {
    result.verdicts = [failedInput('BUNDLE_MALFORMED', 'bundle', entries.message)];
    return result;
  }

  const run = () =>
    entries.list.map((entry, i) =>
      verifyOne(
        verifier,
        entry,
        policy,
        keys,
        root.value,
        entries.list.length > 1 || entries.kind === 'attestations'
          ? `Attestation ${i + 1} of ${entries.list.length}`
          : 'Bundle',
      ),
    );
  if (signatureCache.enabled) {
    // The browser's shim checks signatures in JS: a first pass writes them down and
    // WebCrypto resolves them all at once (see verify-version-fast.ts). The second pass
    // is the real one; a check the first did not foresee is still computed.
    const checks = signatureCache.collect(() => void withoutStackTraces(run));
    await resolveWithWebCrypto(checks);
  }
  result.verdicts = withoutStackTraces(run);
  return result;
}

// ---------------------------------------------------------------------------
// One bundle

interface Policy {
  digests: Digest[];
  artifactBytes?: Uint8Array;
  identity?: IdentityRule;
  issuer?: string;
  issuerImplied: boolean;
}

interface Entry {
  bundle: unknown;
  declaredPredicateType?: string;
}

const CHECK_LABELS: Record<BundleCheckName, string> = {
  'bundle-format': 'Bundle format',
  timestamps: 'Timestamps',
  'signing-key': 'Signing key',
  'transparency-log': 'Transparency log',
  signature: 'Signature',
  statement: 'In-toto statement',
  artifact: 'Artifact',
  identity: 'Signer identity',
};

function verifyOne(
  verifier: Verifier,
  entry: Entry,
  policy: Policy,
  keys: KeyChoice,
  root: CachedRoot,
  label: string,
): BundleVerdict {
  const json = entry.bundle;
  const verdict: BundleVerdict = { label, verdict: 'failed', code: 'OK', message: '', checks: [], notes: [] };
  if (entry.declaredPredicateType !== undefined) verdict.declaredPredicateType = entry.declaredPredicateType;

  const base = isMessageSignature(json) ? checkMessageSignature(verifier, json, policy) : checkDsse(verifier, json);
  verdict.checks = base.checks.map((c) => ({ ...c, ...(c.state === 'failed' ? { code: base.code } : {}) }));
  if (base.mediaType) verdict.mediaType = base.mediaType;
  if (base.content) verdict.content = base.content;
  if (base.tlog) verdict.tlog = withLogBaseUrl(root, json, base.tlog);
  if (base.certificate) verdict.identity = certificateIdentity(base.certificate);
  if (base.content) {
    verdict.signer =
      base.keyHint !== undefined ? { kind: 'public-key', keyHint: base.keyHint } : { kind: 'certificate' };
    if (base.keyHint !== undefined && base.ok) verdict.signer.keySource = keySourceOf(base.keyHint, keys);
  }
  if (base.statement) {
    verdict.statementText = JSON.stringify(base.statement, null, 2);
    verdict.predicateType = base.statement.predicateType;
    verdict.predicate = predicateFacts(base.statement.predicateType, base.statement.predicate);
  }
  if (base.messageDigest) verdict.messageDigest = base.messageDigest;

  // The response lists each bundle under a predicate type; the signed statement must agree.
  const statementCheck = verdict.checks.find((c) => c.name === 'statement');
  if (
    base.ok &&
    statementCheck?.state === 'passed' &&
    entry.declaredPredicateType !== undefined &&
    base.statement &&
    base.statement.predicateType !== entry.declaredPredicateType
  ) {
    statementCheck.state = 'failed';
    statementCheck.code = 'PREDICATE_TYPE_UNEXPECTED';
    statementCheck.message = `The response lists it as ${entry.declaredPredicateType}, but the signed statement says ${base.statement.predicateType}.`;
  }

  const bundleOk = verdict.checks.every((c) => c.state !== 'failed') && base.ok;
  verdict.checks.push(artifactCheck(verdict, base, policy, bundleOk), identityCheck(verdict, policy, bundleOk));

  const failed = verdict.checks.find((c) => c.state === 'failed');
  if (failed) {
    verdict.code = failed.code ?? base.code;
    verdict.message = `${CHECK_LABELS[failed.name]} check failed (${verdict.code}): ${failed.message ?? base.message}`;
    if (failed.name === 'bundle-format') verdict.field = 'bundle';
    return verdict;
  }
  verdict.verdict = 'verified';
  verdict.code = 'OK';
  verdict.message = successMessage(verdict);
  return verdict;
}

/** What both kinds of bundle report before the page's own checks. */
interface BaseCheck {
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

function checkDsse(verifier: Verifier, json: unknown): BaseCheck {
  const signer =
    readRecord(readRecord(json)?.verificationMaterial)?.publicKey !== undefined ? 'public-key' : 'certificate';
  const check: BundleCheck = checkBundle(verifier, json, signer);
  const base: BaseCheck = {
    ok: check.ok,
    code: check.code,
    message: check.code === 'BUNDLE_UNSUPPORTED_VERSION' ? unsupportedMessage(check.mediaType) : check.message,
    checks: check.checks.map((c) => ({ ...c })),
  };
  if (check.code === 'BUNDLE_UNSUPPORTED_VERSION') {
    const format = base.checks.find((c) => c.name === 'bundle-format');
    if (format) format.message = base.message;
  }
  if (check.mediaType) base.mediaType = check.mediaType;
  // A bundle that got past the format check is a DSSE envelope (checkBundle rejects the rest).
  if (check.checks[0]?.state === 'passed') base.content = 'dsse';
  if (check.certificate) base.certificate = check.certificate;
  if (check.keyHint !== undefined) base.keyHint = check.keyHint;
  if (check.statement) base.statement = check.statement;
  if (check.tlog) base.tlog = check.tlog;
  return base;
}

const LIBRARY_ORDER: CheckName[] = ['timestamps', 'signing-key', 'transparency-log', 'signature'];

/** A bare message signature (cosign sign-blob): no statement, bound by its message digest. */
function checkMessageSignature(verifier: Verifier, json: Record<string, unknown>, policy: Policy): BaseCheck {
  const mediaType = typeof json.mediaType === 'string' ? json.mediaType : undefined;
  const notRun = (names: CheckName[]): BundleCheckResult[] => names.map((name) => ({ name, state: 'not-run' }));
  const formatFailure = (code: BundleVerdictCode, message: string): BaseCheck => ({
    ok: false,
    code,
    message,
    checks: [{ name: 'bundle-format', state: 'failed', message }, ...notRun([...LIBRARY_ORDER, 'statement'])],
    ...(mediaType ? { mediaType } : {}),
  });
  if (mediaType === undefined) return formatFailure('BUNDLE_MALFORMED', 'The bundle has no mediaType.');
  if (!(SUPPORTED_BUNDLE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    return formatFailure('BUNDLE_UNSUPPORTED_VERSION', unsupportedMessage(mediaType));
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    return formatFailure('BUNDLE_MALFORMED', `The bundle is malformed: ${errorText(error)}.`);
  }
  if (bundle.content.$case !== 'messageSignature')
    return formatFailure('BUNDLE_MALFORMED', 'The bundle holds no message signature.');
  const signature = bundle.content.messageSignature;
  const algorithm = HASH_NAMES[signature.messageDigest.algorithm];
  const digest = {
    algorithm: algorithm ?? `hash algorithm ${signature.messageDigest.algorithm}`,
    hex: hex(signature.messageDigest.digest),
  };

  const checks: BundleCheckResult[] = [{ name: 'bundle-format', state: 'passed', message: describeFormat(bundle) }];
  const base: BaseCheck = {
    ok: true,
    code: 'OK',
    message: '',
    checks,
    mediaType,
    content: 'message-signature',
    messageDigest: digest,
  };
  const material = bundle.verificationMaterial.content;
  if (material.$case === 'publicKey') base.keyHint = material.publicKey.hint;
  else base.certificate = leafCertificate(bundle);
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (entry) {
    base.tlog = { logIndex: entry.logIndex, kind: `${entry.kindVersion.kind} ${entry.kindVersion.version}` };
    if (entry.integratedTime && entry.integratedTime !== '0') base.tlog.integratedTime = entry.integratedTime;
  }

  // With the artifact at hand and of the digest the bundle names, the library checks the
  // signature over its bytes. Otherwise the signature is checked over the bundle's own
  // message digest (as cosign verify-blob --digest does); whether that digest is the
  // artifact's is the artifact check's question, answered after.
  const artifactDigest = algorithm ? policy.digests.find((d) => d.algorithm === algorithm) : undefined;
  const overArtifact = policy.artifactBytes !== undefined && artifactDigest?.hex === digest.hex;
  let failure: LibraryFailure | undefined;
  try {
    const entity = overArtifact
      ? toSignedEntity(bundle, Buffer.from(policy.artifactBytes ?? new Uint8Array()))
      : overMessageDigest(toSignedEntity(bundle), signature.messageDigest.digest, algorithm);
    verifier.verify(entity);
  } catch (error) {
    failure = libraryFailure(error);
  }
  if (failure) {
    const at = LIBRARY_ORDER.indexOf(failure.check);
    LIBRARY_ORDER.forEach((name, i) =>
      checks.push(
        i < at
          ? { name, state: 'passed' }
          : i === at
            ? { name, state: 'failed', message: failure.message }
            : { name, state: 'not-run' },
      ),
    );
  } else {
    for (const name of LIBRARY_ORDER) checks.push({ name, state: 'passed' });
    const signatureCheck = checks.find((c) => c.name === 'signature');
    if (signatureCheck) {
      signatureCheck.message = overArtifact
        ? "Checked over the artifact's bytes."
        : `Checked over the bundle's ${digest.algorithm} message digest.`;
    }
  }
  checks.push({ name: 'statement', state: 'not-run', message: 'A message signature carries no in-toto statement.' });
  if (failure) {
    const message =
      failure.code === 'SIGNATURE_ERROR' && !overArtifact
        ? `${failure.message} (checked over the bundle's message digest; an Ed25519 signature can only be checked over the file itself)`
        : failure.message;
    const failed = checks.find((c) => c.state === 'failed');
    if (failed) failed.message = message;
    return { ...base, ok: false, code: failure.code, message };
  }
  return base;
}

const HASH_NAMES: Partial<Record<HashAlgorithm, DigestAlgorithm>> = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

/**
 * The library verifies a message signature over the artifact's bytes. Without them, the
 * signature is checked over the digest itself (ECDSA signs a digest; Ed25519 does not,
 * so an Ed25519 message signature needs the file). The other checks are the library's.
 */
function overMessageDigest(
  entity: SignedEntity,
  digest: Uint8Array,
  algorithm: DigestAlgorithm | undefined,
): SignedEntity {
  const content = entity.signature;
  return {
    ...entity,
    signature: {
      signature: content.signature,
      compareSignature: (s) => content.compareSignature(s),
      compareDigest: (d) => content.compareDigest(d),
      compareSignedDigest: (d) => content.compareSignedDigest(d),
      verifySignature: (key) => algorithm !== undefined && verifyPrehashed(key, digest, content.signature),
    },
  };
}

const OID_P256 = '2a8648ce3d030107';
const OID_P384 = '2b81040022';

function verifyPrehashed(
  key: { export(options: { format: 'der'; type: 'spki' }): unknown },
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const exported = key.export({ format: 'der', type: 'spki' });
    if (!(exported instanceof Uint8Array)) return false;
    const spki = readSpki(exported);
    const curve = spki?.curveOid === OID_P256 ? p256 : spki?.curveOid === OID_P384 ? p384 : undefined;
    if (!spki || !curve) return false;
    return curve.verify(signature, digest, spki.point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    return false;
  }
}

/** The curve and point of an EC SubjectPublicKeyInfo; undefined for any other key. */
function readSpki(der: Uint8Array): { curveOid: string; point: Uint8Array } | undefined {
  const outer = readTlv(der, 0);
  if (outer?.tag !== 0x30) return undefined;
  const algorithm = readTlv(der, outer.start);
  if (algorithm?.tag !== 0x30) return undefined;
  const bitString = readTlv(der, algorithm.end);
  const oid = readTlv(der, algorithm.start);
  const parameters = oid ? readTlv(der, oid.end) : undefined;
  if (bitString?.tag !== 0x03 || oid?.tag !== 0x06 || parameters?.tag !== 0x06) return undefined;
  if (hex(der.subarray(oid.start, oid.end)) !== '2a8648ce3d0201') return undefined; // id-ecPublicKey
  return {
    curveOid: hex(der.subarray(parameters.start, parameters.end)),
    point: der.subarray(bitString.start + 1, bitString.end),
  };
}

function readTlv(bytes: Uint8Array, offset: number): { tag: number; start: number; end: number } | undefined {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) return undefined;
  let start = offset + 2;
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  return end <= bytes.length ? { tag, start, end } : undefined;
}

// ---------------------------------------------------------------------------
// The page's checks: artifact and identity

function artifactCheck(verdict: BundleVerdict, base: BaseCheck, policy: Policy, bundleOk: boolean): BundleCheckResult {
  const name = 'artifact' as const;
  if (policy.digests.length === 0) {
    verdict.notes.push('No artifact or digest was given: the bundle was not tied to a file.');
    return { name, state: 'not-run', message: 'No artifact or digest given.' };
  }
  if (!bundleOk)
    return { name, state: 'not-run', message: 'The bundle did not verify: what it names is not compared.' };
  const bound: ArtifactComparison['bundle'] = [];
  if (base.content === 'message-signature' && base.messageDigest) {
    const algorithm = base.messageDigest.algorithm;
    if (isDigestAlgorithm(algorithm)) bound.push({ digests: [{ algorithm, hex: base.messageDigest.hex }] });
  } else if (base.statement) {
    for (const subject of Array.isArray(base.statement.subject) ? base.statement.subject : []) {
      const digests: Digest[] = [];
      const record = readRecord(subject?.digest);
      for (const algorithm of ['sha256', 'sha384', 'sha512'] as const) {
        const value = record?.[algorithm];
        if (typeof value === 'string') digests.push({ algorithm, hex: value.toLowerCase() });
      }
      bound.push({ ...(typeof subject?.name === 'string' ? { name: subject.name } : {}), digests });
    }
  }
  const comparison: ArtifactComparison = { artifact: policy.digests, bundle: bound };
  verdict.artifactComparison = comparison;
  for (const item of bound) {
    for (const digest of item.digests) {
      if (policy.digests.some((d) => d.algorithm === digest.algorithm && d.hex === digest.hex)) {
        comparison.matched = { ...(item.name !== undefined ? { name: item.name } : {}), digest };
        const what = item.name ? `the subject ${item.name}` : 'the message digest';
        return { name, state: 'passed', message: `The artifact's ${digest.algorithm} is ${what}'s.` };
      }
    }
  }
  const algorithms = new Set(bound.flatMap((b) => b.digests.map((d) => d.algorithm)));
  const comparable = policy.digests.some((d) => algorithms.has(d.algorithm));
  if (algorithms.size === 0) {
    return {
      name,
      state: 'failed',
      code: 'ARTIFACT_MISMATCH',
      message: 'The bundle names no sha256, sha384 or sha512 digest to compare the artifact with.',
    };
  }
  if (!comparable) {
    return {
      name,
      state: 'failed',
      code: 'ARTIFACT_UNCOMPARABLE',
      message: `The bundle names its artifact by ${[...algorithms].join(', ')}, the input gives ${policy.digests.map((d) => d.algorithm).join(', ')}: give the artifact file, or a ${[...algorithms].join(' or ')} digest.`,
    };
  }
  const ours = policy.digests.filter((d) => algorithms.has(d.algorithm));
  const theirs = bound.flatMap((b) =>
    b.digests
      .filter((d) => ours.some((o) => o.algorithm === d.algorithm))
      .map((d) => `${b.name ? `${b.name} ` : ''}${d.algorithm}:${d.hex}`),
  );
  return {
    name,
    state: 'failed',
    code: 'ARTIFACT_MISMATCH',
    message: `This bundle is for another artifact: it names ${theirs.join('; ')}, but the artifact is ${ours.map((d) => `${d.algorithm}:${d.hex}`).join(', ')}.`,
  };
}

function identityCheck(verdict: BundleVerdict, policy: Policy, bundleOk: boolean): BundleCheckResult {
  const name = 'identity' as const;
  if (!policy.identity && !policy.issuer) {
    if (verdict.signer?.kind !== 'public-key')
      verdict.notes.push('No expected signer was given: the certificate identity below was not checked against one.');
    return { name, state: 'not-run', message: 'No expected identity or issuer given.' };
  }
  if (verdict.signer?.kind === 'public-key') {
    verdict.notes.push('The expected identity was not applied: this bundle is signed with a key, not a certificate.');
    return {
      name,
      state: 'not-run',
      message: `Signed with key ${verdict.signer.keyHint || '(no hint)'}, not a certificate: an expected identity applies to certificate-signed bundles. The key is trusted because it was selected or given.`,
    };
  }
  if (!bundleOk)
    return { name, state: 'not-run', message: 'The bundle did not verify: its certificate is not compared.' };
  const comparison: IdentityComparison = {};
  const actualSan = verdict.identity?.subjectAlternativeName;
  const actualIssuer = verdict.identity?.issuer;
  if (actualSan !== undefined) comparison.actualSan = actualSan;
  if (actualIssuer !== undefined) comparison.actualIssuer = actualIssuer;
  const problems: string[] = [];
  if (policy.identity) {
    comparison.expectedSan = { input: policy.identity.input, rule: policy.identity.rule };
    comparison.sanMatches = actualSan !== undefined && sanMatches(policy.identity, actualSan);
    if (!comparison.sanMatches)
      problems.push(`the certificate's SAN is ${actualSan ?? '(none)'}, expected ${policy.identity.rule}`);
  }
  if (policy.issuer) {
    comparison.expectedIssuer = policy.issuer;
    if (policy.issuerImplied) comparison.issuerImplied = true;
    comparison.issuerMatches = actualIssuer === policy.issuer;
    if (!comparison.issuerMatches) {
      problems.push(
        `the certificate's issuer is ${actualIssuer ?? '(none)'}, expected ${policy.issuer}${policy.issuerImplied ? ' (implied by the owner/repo form)' : ''}`,
      );
    }
  } else {
    verdict.notes.push('No expected issuer was given: the certificate’s OIDC issuer was not checked.');
  }
  verdict.identityComparison = comparison;
  if (problems.length) {
    return {
      name,
      state: 'failed',
      code: 'IDENTITY_MISMATCH',
      message: `Signed by someone else: ${problems.join('; ')}.`,
    };
  }
  return {
    name,
    state: 'passed',
    message: `The certificate names ${actualSan ?? ''}${actualIssuer ? `, issued by ${actualIssuer}` : ''}.`,
  };
}

// ---------------------------------------------------------------------------
// Input parsing

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * JSON.parse, and when it fails, where and why. Engines word (and place) their errors
 * differently, and V8 often gives no position at all, so the place comes from a small
 * scanner of our own that stops at the first character JSON does not allow.
 */
export function parseJsonText(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const found = findJsonError(text);
    if (!found) return { ok: false, message: `: ${errorText(error)}.` };
    const { line, column } = lineAndColumn(text, found.offset);
    return {
      ok: false,
      message: `at line ${line}, column ${column} (character ${found.offset + 1}): ${found.reason}.`,
    };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** The first syntax error of `text` as JSON (RFC 8259), or undefined when there is none. */
export function findJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  class Stop {
    constructor(
      readonly offset: number,
      readonly reason: string,
    ) {}
  }
  const describe = (at: number): string => {
    const char = text[at];
    if (char === undefined) return 'the text ends too early: a string, object or array is not closed';
    const shown = char === '\n' ? 'a line break' : char === '\t' ? 'a tab' : JSON.stringify(char);
    return `unexpected ${shown}`;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const expect = (char: string, reason: string) => {
    if (text[i] !== char)
      throw new Stop(
        i,
        text[i] === undefined ? describe(i) : `${reason}, not ${describe(i).replace('unexpected ', '')}`,
      );
    i++;
  };
  const string = () => {
    expect('"', 'expected a string in double quotes');
    for (;;) {
      const char = text[i];
      if (char === undefined) throw new Stop(i, 'the text ends inside a string');
      if (char === '"') {
        i++;
        return;
      }
      if (char < ' ') throw new Stop(i, `${describe(i)} inside a string (control characters must be escaped)`);
      if (char === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Stop(i, 'a \\u escape needs four hex digits');
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) throw new Stop(i, 'an invalid escape in a string');
        i += 2;
        continue;
      }
      i++;
    }
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"')
          throw new Stop(
            i,
            text[i] === undefined
              ? describe(i)
              : `expected a property name in double quotes, not ${describe(i).replace('unexpected ', '')}`,
          );
        string();
        space();
        expect(':', 'expected ":" after the property name');
        value();
        space();
        if (text[i] === ',') {
          i++;
          space();
          if (text[i] === '}') throw new Stop(i - 1, 'a comma before "}" (trailing commas are not JSON)');
          continue;
        }
        expect('}', 'expected "," or "}"');
        return;
      }
    }
    if (char === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') {
          i++;
          space();
          if (text[i] === ']') throw new Stop(i - 1, 'a comma before "]" (trailing commas are not JSON)');
          continue;
        }
        expect(']', 'expected "," or "]"');
        return;
      }
    }
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) throw new Stop(i, describe(i));
    i += literal[0].length;
  };
  try {
    value();
    space();
    if (i < text.length) throw new Stop(i, `${describe(i)} after the end of the JSON value`);
    return undefined;
  } catch (stop) {
    // Anything else (a stack overflow on absurd nesting): the engine's own message will do.
    return stop instanceof Stop ? { offset: stop.offset, reason: stop.reason } : undefined;
  }
}

const DIGEST_LENGTHS: Record<DigestAlgorithm, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** `sha256:<hex>`, `sha512:<hex>` (sha384 too), SRI `sha512-<base64>` (several, space-separated), or bare hex. */
export function parseDigestInput(input: string): Parsed<Digest[]> & { digests: Digest[] } {
  const text = input.trim();
  const fail = (message: string) => ({ ok: false as const, message, digests: [] });
  const prefixed = /^(sha256|sha384|sha512):([0-9a-fA-F]+)$/.exec(text);
  if (prefixed) {
    const algorithm = prefixed[1] as DigestAlgorithm;
    const hex = (prefixed[2] ?? '').toLowerCase();
    if (hex.length !== DIGEST_LENGTHS[algorithm]) {
      return fail(`A ${algorithm} digest is ${DIGEST_LENGTHS[algorithm]} hex characters; this one has ${hex.length}.`);
    }
    return { ok: true, value: [{ algorithm, hex }], digests: [{ algorithm, hex }] };
  }
  if (/^[0-9a-fA-F]+$/.test(text)) {
    const algorithm = (Object.keys(DIGEST_LENGTHS) as DigestAlgorithm[]).find((a) => DIGEST_LENGTHS[a] === text.length);
    if (!algorithm) return fail(`${text.length} hex characters is no sha256 (64), sha384 (96) or sha512 (128) digest.`);
    const digests = [{ algorithm, hex: text.toLowerCase() }];
    return { ok: true, value: digests, digests };
  }
  const digests: Digest[] = [];
  for (const part of text.split(/\s+/)) {
    const sri = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(part);
    if (!sri) {
      return fail(
        `"${part.length > 40 ? `${part.slice(0, 40)}…` : part}" is not a digest: write sha256:<hex>, sha512:<hex> or an SRI string such as sha512-<base64>.`,
      );
    }
    const algorithm = sri[1] as DigestAlgorithm;
    let decoded: string;
    try {
      decoded = hex(base64ToBytes(sri[2] ?? ''));
    } catch {
      return fail(`The base64 of the ${algorithm} SRI digest cannot be decoded.`);
    }
    if (decoded.length !== DIGEST_LENGTHS[algorithm])
      return fail(
        `The ${algorithm} SRI digest decodes to ${decoded.length / 2} bytes, not ${DIGEST_LENGTHS[algorithm] / 2}.`,
      );
    digests.push({ algorithm, hex: decoded });
  }
  return { ok: true, value: digests, digests };
}

type IdentityRule =
  | { kind: 'exact'; input: string; rule: string; san: string }
  | { kind: 'github'; input: string; rule: string; owner: string; repo: string; workflow?: string; ref?: string };

/**
 * The expected signer, in one of two forms:
 * - the certificate's SAN as stated (a URL or an email address), matched exactly;
 * - `owner/repo`, `owner/repo:workflow.yml` or `owner/repo:workflow.yml@ref` for GitHub
 *   Actions: the SAN must be `https://github.com/owner/repo/.github/workflows/<file>@<ref>`
 *   (owner and repository case-insensitive, as GitHub treats them), and the issuer
 *   defaults to GitHub Actions' unless one is given.
 */
export function parseIdentityInput(input: string): Parsed<IdentityRule> {
  const text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text) || /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text)) {
    return { ok: true, value: { kind: 'exact', input: text, san: text, rule: `exactly ${text}` } };
  }
  const short = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)(?::([^@\s]+))?(?:@(\S+))?$/.exec(text);
  if (short) {
    const [, owner = '', repo = '', workflowInput, ref] = short;
    const workflow =
      workflowInput === undefined
        ? undefined
        : workflowInput.includes('/')
          ? workflowInput.replace(/^\/+/, '')
          : `.github/workflows/${workflowInput}`;
    const prefix = `https://github.com/${owner}/${repo}/`;
    const rule = `${prefix}${workflow ?? '.github/workflows/<any workflow>'}@${ref ?? '<any ref>'}`;
    const value: IdentityRule = { kind: 'github', input: text, owner, repo, rule };
    if (workflow !== undefined) value.workflow = workflow;
    if (ref !== undefined) value.ref = ref;
    return { ok: true, value };
  }
  return {
    ok: false,
    message: `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}" is not an identity: give the certificate's SAN as a URL (https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1) or an email address, or owner/repo with an optional :workflow.yml and @ref.`,
  };
}

function sanMatches(rule: IdentityRule, san: string): boolean {
  if (rule.kind === 'exact') return san === rule.san;
  const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/(.+)@([^@]+)$/.exec(san);
  if (!match) return false;
  const [, owner = '', repo = '', path = '', ref = ''] = match;
  if (owner.toLowerCase() !== rule.owner.toLowerCase() || repo.toLowerCase() !== rule.repo.toLowerCase()) return false;
  if (rule.workflow !== undefined ? path !== rule.workflow : !path.startsWith('.github/workflows/')) return false;
  return rule.ref === undefined || ref === rule.ref;
}

interface ProvidedKey {
  keyId: string;
  publicKey: ReturnType<typeof sigstoreCrypto.createPublicKey>;
}

async function parseProvidedKey(input: string): Promise<Parsed<ProvidedKey>> {
  const text = input.trim();
  let der: Uint8Array;
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  try {
    if (pem) {
      if (pem[1] !== 'PUBLIC KEY')
        return {
          ok: false,
          message: `A "${pem[1] ?? ''}" PEM block is not a public key: give a "PUBLIC KEY" (SPKI) block.`,
        };
      der = base64ToBytes((pem[2] ?? '').replace(/\s+/g, ''));
    } else {
      der = base64ToBytes(text.replace(/\s+/g, ''));
    }
  } catch {
    return { ok: false, message: 'The public key is neither a PEM "PUBLIC KEY" block nor base64 DER.' };
  }
  try {
    const publicKey = sigstoreCrypto.createPublicKey(Buffer.from(der));
    const id = new Uint8Array(await crypto.subtle.digest('SHA-256', toArrayBuffer(der)));
    return { ok: true, value: { keyId: `SHA256:${bytesToBase64(id).replace(/=+$/, '')}`, publicKey } };
  } catch (error) {
    return { ok: false, message: `The public key cannot be used: ${errorText(error)}.` };
  }
}

type RootResult = Parsed<CachedRoot>;

async function trustRoot(text: string | undefined, defaults: VerifyBundleDefaults): Promise<RootResult> {
  const custom = text?.trim();
  let json: unknown = defaults.trustedRoot;
  if (custom) {
    const parsed = parseJsonText(custom);
    if (!parsed.ok) return { ok: false, message: `The trusted root is not valid JSON ${parsed.message}` };
    json = parsed.value;
  }
  const canonical = JSON.stringify(json);
  const fingerprint = hex(
    new Uint8Array(await crypto.subtle.digest('SHA-256', toArrayBuffer(new TextEncoder().encode(canonical)))),
  );
  const cached = defaults.cache.roots.get(fingerprint);
  if (cached) return { ok: true, value: cached };
  const mediaType = readRecord(json)?.mediaType;
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
    return {
      ok: false,
      message:
        'This is not a Sigstore trusted root: its mediaType is not application/vnd.dev.sigstore.trustedroot+json.',
    };
  }
  let material: TrustMaterial;
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(json);
    material = toTrustMaterial(root, () => {
      throw new KeyNotFoundError('No key was given.');
    });
  } catch (error) {
    return { ok: false, message: `The trusted root cannot be read: ${errorText(error)}.` };
  }
  if (material.certificateAuthorities.length === 0 && material.tlogs.length === 0) {
    return { ok: false, message: 'The trusted root names no certificate authority and no transparency log.' };
  }
  const tlogBaseUrls = new Map<string, string>();
  for (const tlog of material.tlogs) tlogBaseUrls.set(bytesToBase64(tlog.logID), tlog.baseURL);
  const value: CachedRoot = {
    material,
    tlogBaseUrls,
    summary: {
      source: custom ? 'custom' : 'public-good',
      fingerprint,
      tlogs: [...new Set(root.tlogs.map((t) => t.baseUrl))],
      certificateAuthorities: root.certificateAuthorities.length,
      timestampAuthorities: root.timestampAuthorities.length,
    },
  };
  if (defaults.cache.roots.size >= MAX_CACHED_ROOTS) {
    const oldest = defaults.cache.roots.keys().next().value;
    if (oldest !== undefined) defaults.cache.roots.delete(oldest);
  }
  defaults.cache.roots.set(fingerprint, value);
  return { ok: true, value };
}

type Entries = { kind: 'bundle' | 'attestations'; list: Entry[] } | { kind: 'invalid'; message: string };

/** A bundle, or `{ attestations: [{ predicateType, bundle }] }` as npm serves them. */
function bundleEntries(json: unknown): Entries {
  const object = readRecord(json);
  if (!object) {
    return {
      kind: 'invalid',
      message: `The input is JSON, but ${Array.isArray(json) ? 'an array' : `a ${json === null ? 'null' : typeof json}`}, not a bundle object or an attestations response.`,
    };
  }
  if ('attestations' in object) {
    const list = object.attestations;
    if (!Array.isArray(list) || list.length === 0) {
      return {
        kind: 'invalid',
        message: 'The attestations response holds no attestations: "attestations" must be a non-empty array.',
      };
    }
    return {
      kind: 'attestations',
      list: list.map((item: unknown) => {
        const entry = readRecord(item);
        const type = entry?.predicateType;
        return { bundle: entry?.bundle, ...(typeof type === 'string' ? { declaredPredicateType: type } : {}) };
      }),
    };
  }
  if (!('mediaType' in object) && !('verificationMaterial' in object)) {
    return {
      kind: 'invalid',
      message:
        'The JSON is neither a Sigstore bundle (no mediaType, no verificationMaterial) nor an attestations response (no "attestations").',
    };
  }
  return { kind: 'bundle', list: [{ bundle: json }] };
}

// ---------------------------------------------------------------------------
// Keys

interface KeyChoice {
  npm: RegistryKey[];
  provided?: ProvidedKey;
}

/** npm's keys by id, valid at the time of the log entry; else the key the user gave. */
function keyFinder(keys: KeyChoice): KeyFinderFunc {
  return (hint) => {
    const npm = keys.npm.find((k) => k.keyId === hint && (!k.usages || k.usages.includes('npm:attestations')));
    if (npm) {
      return {
        publicKey: sigstoreCrypto.createPublicKey(npm.publicKey),
        validFor: (date: Date) => keyValidAt(npm, date),
      };
    }
    if (keys.provided) return { publicKey: keys.provided.publicKey, validFor: () => true };
    throw new KeyNotFoundError(
      `No key with id ${hint || '(no hint)'} was selected or given: select npm's key, or paste the public key under Advanced.`,
    );
  };
}

function keySourceOf(hint: string, keys: KeyChoice): 'npm' | 'provided' {
  return keys.npm.some((k) => k.keyId === hint) ? 'npm' : 'provided';
}

// ---------------------------------------------------------------------------
// The artifact

export interface ArtifactDigests {
  size: number;
  digests: Digest[];
  /** The bytes, when the file is small enough to hold (message signatures are checked over them). */
  bytes?: Uint8Array;
}

/** sha256, sha384 and sha512 of a file, natively when it fits in memory, else streamed. */
export async function digestArtifact(blob: Blob): Promise<ArtifactDigests> {
  if (blob.size <= WHOLE_ARTIFACT_LIMIT) {
    const buffer = await blob.arrayBuffer();
    const [d256, d384, d512] = await Promise.all(
      (['SHA-256', 'SHA-384', 'SHA-512'] as const).map(async (name) =>
        hex(new Uint8Array(await crypto.subtle.digest(name, buffer))),
      ),
    );
    return {
      size: blob.size,
      bytes: new Uint8Array(buffer),
      digests: [
        { algorithm: 'sha256', hex: d256 ?? '' },
        { algorithm: 'sha384', hex: d384 ?? '' },
        { algorithm: 'sha512', hex: d512 ?? '' },
      ],
    };
  }
  // WebCrypto hashes only whole buffers: a file this large is hashed chunk by chunk.
  const hashes = [sha256.create(), sha384.create(), sha512.create()] as const;
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const hash of hashes) hash.update(value);
  }
  return {
    size: blob.size,
    digests: [
      { algorithm: 'sha256', hex: hex(hashes[0].digest()) },
      { algorithm: 'sha384', hex: hex(hashes[1].digest()) },
      { algorithm: 'sha512', hex: hex(hashes[2].digest()) },
    ],
  };
}

// ---------------------------------------------------------------------------
// ---------------------------------------------------------------------------
// Helpers

function invalid(
  code: BundleVerdictCode,
  field: InputField,
  message: string,
  trustedRoot?: TrustedRootSummary,
): VerifyBundleResult {
  return { input: 'invalid', verdicts: [failedInput(code, field, message)], ...(trustedRoot ? { trustedRoot } : {}) };
}

function failedInput(code: BundleVerdictCode, field: InputField, message: string): BundleVerdict {
  return { label: 'Input', verdict: 'failed', code, field, message, checks: [], notes: [] };
}

function unsupportedMessage(mediaType: string | undefined): string {
  return `Unsupported bundle version: mediaType "${mediaType ?? ''}" is not one this verifier knows. Supported: ${SUPPORTED_BUNDLE_MEDIA_TYPES.join(', ')}.`;
}

function isMessageSignature(json: unknown): json is Record<string, unknown> {
  const object = readRecord(json);
  return object !== undefined && object.messageSignature !== undefined && object.dsseEnvelope === undefined;
}

function isDigestAlgorithm(value: string): value is DigestAlgorithm {
  return value === 'sha256' || value === 'sha384' || value === 'sha512';
}

function successMessage(verdict: BundleVerdict): string {
  const by =
    verdict.signer?.kind === 'public-key'
      ? `Signed with ${verdict.signer.keySource === 'npm' ? "npm's" : 'the given'} key ${verdict.signer.keyHint ?? ''}`.trimEnd()
      : `Signed with a certificate for ${verdict.identity?.subjectAlternativeName ?? '(no SAN)'}`;
  const logged = verdict.tlog ? `, logged in Rekor at index ${verdict.tlog.logIndex}` : '';
  const artifact =
    verdict.checks.find((c) => c.name === 'artifact')?.state === 'passed' ? '; it is for the given artifact' : '';
  const identity =
    verdict.checks.find((c) => c.name === 'identity')?.state === 'passed' ? '; the signer is the expected one' : '';
  return `${by}${logged}${artifact}${identity}.`;
}

function describeFormat(bundle: Bundle): string {
  const version = bundle.mediaType.match(/v?(\d+\.\d+)/)?.[1] ?? bundle.mediaType;
  const kinds = bundle.verificationMaterial.tlogEntries.map((e) => e.kindVersion?.kind ?? 'unknown').join(', ');
  return `Bundle v${version}, message signature${kinds ? `, Rekor ${kinds} entry` : ''}`;
}

function withLogBaseUrl(root: CachedRoot, json: unknown, ref: TlogRef): TlogRef {
  const entries = readRecord(readRecord(json)?.verificationMaterial)?.tlogEntries;
  const logId = Array.isArray(entries) ? readRecord(readRecord(entries[0])?.logId)?.keyId : undefined;
  const baseUrl = typeof logId === 'string' ? root.tlogBaseUrls.get(logId) : undefined;
  return baseUrl ? { ...ref, logBaseUrl: baseUrl } : ref;
}

function readRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    'cause' in error && error.cause instanceof Error && error.cause.message !== error.message
      ? `: ${error.cause.message}`
      : '';
  return `${error.message}${cause}`.replace(/\.$/, '');
}

function base64ToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length === 0) throw new Error('not base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
