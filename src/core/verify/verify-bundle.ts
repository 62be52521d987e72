// Verifies Sigstore bundles that someone holds (the #/verify page): one pasted bundle
// or a whole npm attestations response, checked against an artifact or its digest, an
// expected signer and a trusted root of the user's choosing. Runs in a verifier worker.
//
// Unlike the package timeline, a bundle here may sign a bare message (cosign
// sign-blob, GitHub's `gh attestation` for blobs): that is a legitimate bundle on this
// page, bound to the artifact by its message digest instead of an in-toto subject.
// Everything in the request is untrusted input: every failure is a result with a code
// and a sentence, never an exception.
//
// The steps, each in its own module under ./bundle:
//   parse inputs (json-text, digest, identity-rule, public-key, entries)
//   → load trust (trust-root.ts, shared with the timeline)
//   → check the signature (bundle-check.ts for DSSE envelopes, message-signature.ts)
//   → check the artifact and the identity (policy.ts).
import type { Verifier } from '@sigstore/verify';
import type { TlogRef } from '../model';
import { checkBundle } from './bundle-check';
import { CHECK_LABELS } from './check-labels';
import { digestArtifact, parseDigestInput } from './bundle/digest';
import { bundleEntries, type Entry } from './bundle/entries';
import { parseIdentityInput } from './bundle/identity-rule';
import { parseJsonText } from './bundle/json-text';
import { checkMessageSignature, unsupportedMessage } from './bundle/message-signature';
import { artifactCheck, identityCheck } from './bundle/policy';
import { keyFinder, keySourceOf, parseProvidedKey, type KeyChoice } from './bundle/public-key';
import { errorText, readRecord } from './bundle/read';
import type {
  ArtifactDigests,
  BaseCheck,
  BundleVerdict,
  BundleVerdictCode,
  InputField,
  Parsed,
  Policy,
  TrustedRootSummary,
  VerifyBundleRequest,
  VerifyBundleResult,
} from './bundle/types';
import { certificateIdentity, predicateFacts } from './identity';
import { GITHUB_ACTIONS_ISSUER } from './issuers';
import { loadTrustRoot, verifierFor, type TrustRoot, type TrustRootCache } from './trust-root';
import { directSignatures, type SignatureRunner } from './native-signatures';

// The names the UI and the worker import from here.
export type * from './bundle/types';
export { digestArtifact, parseDigestInput } from './bundle/digest';
export { parseIdentityInput } from './bundle/identity-rule';
export { findJsonError, parseJsonText } from './bundle/json-text';
export { GITHUB_ACTIONS_ISSUER } from './issuers';
export { createTrustRootCache, type TrustRootCache } from './trust-root';

export interface VerifyBundleDefaults {
  /** The bundled public-good trusted root (JSON form). */
  trustedRoot: unknown;
  cache: TrustRootCache;
  /** How signatures are checked: natively in the browser's worker (see native-signatures.ts); default: directly. */
  signatures?: SignatureRunner;
}

/** Bigger than any bundle or attestations response; a guard against pasting a tarball. */
export const MAX_BUNDLE_TEXT = 10 * 1024 * 1024;

export async function verifyBundle(
  request: VerifyBundleRequest,
  defaults: VerifyBundleDefaults,
): Promise<VerifyBundleResult> {
  const inputs = parseInputs(request);
  if (!inputs.ok) return inputs.result;

  const trust = loadTrust(request.trustedRoot, defaults);
  if (!trust.ok) return invalid('TRUSTED_ROOT_INVALID', 'trusted-root', trust.message);
  const summary = trust.value.summary;

  const artifact = await readArtifact(request, inputs.digests, summary);
  if ('result' in artifact) return artifact.result;

  const policy: Policy = {
    digests: artifact.digests,
    artifactBytes: artifact.file?.bytes,
    identity: inputs.identity,
    issuer: inputs.issuer || (inputs.identity?.kind === 'github' ? GITHUB_ACTIONS_ISSUER : undefined),
    issuerImplied: !inputs.issuer && inputs.identity?.kind === 'github',
  };
  const keys: KeyChoice = { npm: request.npmKeys ?? [], provided: inputs.providedKey };
  const verifier = verifierFor(trust.value.root, keyFinder(keys));

  const result: VerifyBundleResult = { input: inputs.entries.kind, verdicts: [], trustedRoot: summary };
  if (artifact.file) {
    result.artifact = { size: artifact.file.size, digests: artifact.file.digests };
    if (request.artifactName) result.artifact.name = request.artifactName;
  }
  if (inputs.providedKey) result.providedKeyId = inputs.providedKey.keyId;
  const entries = inputs.entries;
  if (entries.kind === 'invalid') {
    result.verdicts = [failedInput('BUNDLE_MALFORMED', 'bundle', entries.message)];
    return result;
  }

  const several = entries.list.length > 1 || entries.kind === 'attestations';
  const run = () =>
    entries.list.map((entry, i) =>
      verifyOne(
        { verifier, policy, keys, trust: trust.value.root },
        entry,
        several ? `Attestation ${i + 1} of ${entries.list.length}` : 'Bundle',
      ),
    );
  result.verdicts = await (defaults.signatures ?? directSignatures).run(run);
  return result;
}

// ---------------------------------------------------------------------------
// Step 1: the inputs, each checked on its own so that the page can point at the field

interface Inputs {
  ok: true;
  entries: ReturnType<typeof bundleEntries>;
  digests: ReturnType<typeof parseDigestInput>['digests'];
  identity?: Policy['identity'];
  issuer?: string;
  providedKey?: KeyChoice['provided'];
}

function parseInputs(request: VerifyBundleRequest): Inputs | { ok: false; result: VerifyBundleResult } {
  const fail = (code: BundleVerdictCode, field: InputField, message: string) => ({
    ok: false as const,
    result: invalid(code, field, message),
  });
  const text = request.bundle.trim();
  if (!text)
    return fail(
      'INPUT_EMPTY',
      'bundle',
      'Paste a Sigstore bundle or an npm attestations response, or load a .sigstore.json file.',
    );
  if (text.length > MAX_BUNDLE_TEXT) {
    return fail(
      'BUNDLE_MALFORMED',
      'bundle',
      `The input is ${text.length} characters long: far more than any Sigstore bundle. Is it the artifact?`,
    );
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return fail('JSON_MALFORMED', 'bundle', `The input is not valid JSON ${parsed.message}`);

  const digest = request.digest?.trim() ? parseDigestInput(request.digest) : undefined;
  if (digest && !digest.ok) return fail('DIGEST_INVALID', 'digest', digest.message);

  const identity = request.identity?.trim() ? parseIdentityInput(request.identity) : undefined;
  if (identity && !identity.ok) return fail('IDENTITY_INVALID', 'identity', identity.message);

  const issuer = request.issuer?.trim();
  if (issuer && !/^https?:\/\/\S+$/.test(issuer)) {
    return fail(
      'ISSUER_INVALID',
      'issuer',
      `The issuer "${issuer}" is not a URL; OIDC issuers are, e.g. ${GITHUB_ACTIONS_ISSUER}.`,
    );
  }

  const provided = request.publicKey?.trim() ? parseProvidedKey(request.publicKey) : undefined;
  if (provided && !provided.ok) return fail('PUBLIC_KEY_INVALID', 'public-key', provided.message);

  const inputs: Inputs = { ok: true, entries: bundleEntries(parsed.value), digests: digest?.digests ?? [] };
  if (identity?.ok) inputs.identity = identity.value;
  if (issuer) inputs.issuer = issuer;
  if (provided?.ok) inputs.providedKey = provided.value;
  return inputs;
}

/** The artifact file's digests (when one is given), checked against a digest also given. */
async function readArtifact(
  request: VerifyBundleRequest,
  given: Inputs['digests'],
  summary: TrustedRootSummary,
): Promise<{ digests: Inputs['digests']; file?: ArtifactDigests } | { result: VerifyBundleResult }> {
  if (!request.artifact) return { digests: given };
  let file: ArtifactDigests;
  try {
    file = await digestArtifact(request.artifact);
  } catch (error) {
    return {
      result: invalid(
        'ARTIFACT_UNREADABLE',
        'artifact',
        `The artifact file could not be read: ${errorText(error)}.`,
        summary,
      ),
    };
  }
  const conflict = given.find((d) => file.digests.some((a) => a.algorithm === d.algorithm && a.hex !== d.hex));
  if (conflict) {
    const own = file.digests.find((a) => a.algorithm === conflict.algorithm);
    return {
      result: invalid(
        'DIGEST_INVALID',
        'digest',
        `The digest given (${conflict.algorithm}:${conflict.hex}) is not the artifact file's (${conflict.algorithm}:${own?.hex ?? '?'}). Give one or the other, or the right pair.`,
        summary,
      ),
    };
  }
  return { digests: file.digests, file };
}

// ---------------------------------------------------------------------------
// Step 2: trust — the bundled public-good root, or the user's

function loadTrust(
  text: string | undefined,
  defaults: VerifyBundleDefaults,
): Parsed<{ root: TrustRoot; summary: TrustedRootSummary }> {
  const custom = text?.trim();
  let json: unknown = defaults.trustedRoot;
  if (custom) {
    const parsed = parseJsonText(custom);
    if (!parsed.ok) return { ok: false, message: `The trusted root is not valid JSON ${parsed.message}` };
    json = parsed.value;
  }
  const mediaType = readRecord(json)?.mediaType;
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
    return {
      ok: false,
      message:
        'This is not a Sigstore trusted root: its mediaType is not application/vnd.dev.sigstore.trustedroot+json.',
    };
  }
  let root: TrustRoot;
  try {
    root = loadTrustRoot(json, defaults.cache);
  } catch (error) {
    return { ok: false, message: `The trusted root cannot be read: ${errorText(error)}.` };
  }
  if (root.material.certificateAuthorities.length === 0 && root.material.tlogs.length === 0) {
    return { ok: false, message: 'The trusted root names no certificate authority and no transparency log.' };
  }
  const summary: TrustedRootSummary = {
    source: custom ? 'custom' : 'public-good',
    fingerprint: root.fingerprint,
    tlogs: [...new Set(root.root.tlogs.map((t) => t.baseUrl))],
    certificateAuthorities: root.root.certificateAuthorities.length,
    timestampAuthorities: root.root.timestampAuthorities.length,
  };
  return { ok: true, value: { root, summary } };
}

// ---------------------------------------------------------------------------
// Steps 3 and 4, per bundle: its signature, then the artifact and the signer

interface Run {
  verifier: Verifier;
  policy: Policy;
  keys: KeyChoice;
  trust: TrustRoot;
}

function verifyOne({ verifier, policy, keys, trust }: Run, entry: Entry, label: string): BundleVerdict {
  const json = entry.bundle;
  const verdict: BundleVerdict = { label, verdict: 'failed', code: 'OK', message: '', checks: [], notes: [] };
  if (entry.declaredPredicateType !== undefined) verdict.declaredPredicateType = entry.declaredPredicateType;

  const base = isMessageSignature(json) ? checkMessageSignature(verifier, json, policy) : checkDsse(verifier, json);
  verdict.checks = base.checks.map((c) => ({ ...c, ...(c.state === 'failed' ? { code: base.code } : {}) }));
  if (base.mediaType) verdict.mediaType = base.mediaType;
  if (base.content) verdict.content = base.content;
  if (base.tlog) verdict.tlog = withLogBaseUrl(trust, json, base.tlog);
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

/** A DSSE envelope: the timeline's own check (bundle-check.ts), signed by key or certificate. */
function checkDsse(verifier: Verifier, json: unknown): BaseCheck {
  const signer =
    readRecord(readRecord(json)?.verificationMaterial)?.publicKey !== undefined ? 'public-key' : 'certificate';
  const check = checkBundle(verifier, json, signer);
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

function isMessageSignature(json: unknown): json is Record<string, unknown> {
  const object = readRecord(json);
  return object !== undefined && object.messageSignature !== undefined && object.dsseEnvelope === undefined;
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

function withLogBaseUrl(trust: TrustRoot, json: unknown, ref: TlogRef): TlogRef {
  const entries = readRecord(readRecord(json)?.verificationMaterial)?.tlogEntries;
  const logId = Array.isArray(entries) ? readRecord(readRecord(entries[0])?.logId)?.keyId : undefined;
  const baseUrl = typeof logId === 'string' ? trust.tlogBaseUrls.get(logId) : undefined;
  return baseUrl ? { ...ref, logBaseUrl: baseUrl } : ref;
}
