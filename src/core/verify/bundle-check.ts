// Verifies one Sigstore bundle with @sigstore/verify and reports each check it ran.
// The library runs its checks in a fixed order and throws at the first failure; its
// error code names the check, so everything before it passed and everything after it
// did not run. That is what the screen shows, check by check.
import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  bundleFromJSON,
  type Bundle,
} from '@sigstore/bundle';
import { Buffer } from 'buffer';
import { X509Certificate } from '@sigstore/core';
import { toSignedEntity, type SignedEntity, type Verifier } from '@sigstore/verify';
import type { CheckName, CheckResult, StepCode, TlogRef } from '../model';

export const SUPPORTED_BUNDLE_MEDIA_TYPES = [
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
] as const;

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface InTotoStatement {
  _type?: string;
  subject: { name?: string; digest?: Record<string, string> }[];
  predicateType: string;
  predicate?: unknown;
}

export interface BundleCheck {
  ok: boolean;
  code: StepCode;
  message: string;
  checks: CheckResult[];
  mediaType?: string;
  statement?: InTotoStatement;
  /** The leaf certificate, for keyless bundles (parsed even when verification fails). */
  certificate?: X509Certificate;
  /** The key hint, for key-signed bundles. */
  keyHint?: string;
  tlog?: TlogRef;
}

export type ExpectedSigner = 'certificate' | 'public-key';

/** The checks @sigstore/verify makes, in the order it makes them. */
const LIBRARY_ORDER: readonly CheckName[] = ['timestamps', 'signing-key', 'transparency-log', 'signature'];

/**
 * The one mapping from a library failure to the checks on screen: the checks before the
 * one that failed passed (or did not run, when the library never ran), the failed one
 * carries the message, the rest did not run. No failure: all four passed.
 */
export function libraryChecks(failure: LibraryFailure | undefined): CheckResult[] {
  const at = failure ? LIBRARY_ORDER.indexOf(failure.check) : LIBRARY_ORDER.length;
  return LIBRARY_ORDER.map((name, i): CheckResult => {
    if (i < at) return { name, state: failure?.beforeLibrary ? 'not-run' : 'passed' };
    if (i === at && failure) return { name, state: 'failed', message: failure.message };
    return { name, state: 'not-run' };
  });
}

/** The checks of a bundle that failed its format check: nothing after it ran. */
export function formatFailureChecks(message: string): CheckResult[] {
  return [
    { name: 'bundle-format', state: 'failed', message },
    ...[...LIBRARY_ORDER, 'statement' as const].map((name): CheckResult => ({ name, state: 'not-run' })),
  ];
}

/**
 * Parsing a bundle (protobuf JSON, base64, X.509, ASN.1) costs as much as verifying it.
 * The browser verifies each version twice (a recording pass, then the real one: see
 * native-signatures.ts) on the same parsed JSON object, so parses are kept by object.
 * Parsed bundles are never mutated: reusing them cannot change a result.
 */
const parsedBundles = new WeakMap<object, ParsedBundle>();

export function checkBundle(verifier: Verifier, json: unknown, expected: ExpectedSigner): BundleCheck {
  const checks: CheckResult[] = [];
  const mediaType = readMediaType(json);
  const format = parseBundleOnce(json, mediaType);
  if (!format.ok) {
    return { ok: false, code: format.code, message: format.message, checks: formatFailureChecks(format.message), mediaType };
  }
  const { bundle } = format;
  checks.push({ name: 'bundle-format', state: 'passed', message: describeFormat(bundle) });

  const result: BundleCheck = { ok: true, code: 'OK', message: '', checks, mediaType };
  const material = bundle.verificationMaterial.content;
  if (material.$case === 'publicKey') result.keyHint = material.publicKey.hint;
  else result.certificate = format.certificate;
  result.tlog = tlogRef(bundle);

  const { statement } = format;
  if (statement.ok) result.statement = statement.statement;

  const failure = runLibrary(verifier, format, expected);
  checks.push(...libraryChecks(failure));
  if (failure) {
    // The statement is still read, so that a failed bundle shows what it claimed.
    checks.push({ name: 'statement', state: 'not-run' });
    return { ...result, ok: false, code: failure.code, message: failure.message };
  }

  if (!statement.ok) {
    checks.push({ name: 'statement', state: 'failed', message: statement.message });
    return { ...result, ok: false, code: 'PAYLOAD_MALFORMED', message: statement.message };
  }
  checks.push({ name: 'statement', state: 'passed', message: statement.statement.predicateType });
  return { ...result, message: successMessage(result) };
}

type ParsedBundle =
  | {
      ok: true;
      bundle: Bundle;
      certificate?: X509Certificate;
      statement: ParsedStatement;
      entity?: SignedEntity;
      entityError?: unknown;
    }
  | { ok: false; code: StepCode; message: string };

function parseBundleOnce(json: unknown, mediaType: string | undefined): ParsedBundle {
  if (typeof json !== 'object' || json === null) return parseBundle(json, mediaType);
  let parsed = parsedBundles.get(json);
  if (!parsed) {
    parsed = parseBundle(json, mediaType);
    parsedBundles.set(json, parsed);
  }
  return parsed;
}

function parseBundle(json: unknown, mediaType: string | undefined): ParsedBundle {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, code: 'BUNDLE_MALFORMED', message: 'The bundle is not a JSON object.' };
  }
  if (mediaType === undefined) {
    return { ok: false, code: 'BUNDLE_MALFORMED', message: 'The bundle has no mediaType.' };
  }
  if (!(SUPPORTED_BUNDLE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    return {
      ok: false,
      code: 'BUNDLE_UNSUPPORTED_VERSION',
      message: `Unsupported bundle media type "${mediaType}": this verifier knows bundle v0.1, v0.2 and v0.3.`,
    };
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    return { ok: false, code: 'BUNDLE_MALFORMED', message: `The bundle is malformed: ${describeError(error)}.` };
  }
  if (bundle.content.$case !== 'dsseEnvelope') {
    return {
      ok: false,
      code: 'BUNDLE_MALFORMED',
      message: 'The bundle signs a bare message; npm attestations are DSSE envelopes.',
    };
  }
  const parsed: ParsedBundle = { ok: true, bundle, statement: parseStatement(bundle) };
  const certificate = leafCertificate(bundle);
  if (certificate) parsed.certificate = certificate;
  try {
    parsed.entity = toSignedEntity(bundle);
  } catch (error) {
    // Reported by runLibrary as the library's own failure, at the signing key.
    parsed.entityError = error;
  }
  return parsed;
}

export interface LibraryFailure {
  check: CheckName;
  code: StepCode;
  message: string;
  /** The library never ran: the checks before this one did not run either. */
  beforeLibrary?: boolean;
}

function runLibrary(
  verifier: Verifier,
  parsed: Extract<ParsedBundle, { ok: true }>,
  expected: ExpectedSigner,
): LibraryFailure | undefined {
  const { bundle } = parsed;
  const actual = bundle.verificationMaterial.content.$case === 'publicKey' ? 'public-key' : 'certificate';
  if (actual !== expected) {
    return {
      check: 'signing-key',
      beforeLibrary: true,
      code: expected === 'certificate' ? 'CERTIFICATE_ERROR' : 'PUBLIC_KEY_ERROR',
      message:
        expected === 'certificate'
          ? 'Provenance must be signed with a Fulcio certificate (keyless), but this bundle names a key.'
          : "npm's publish attestation must be signed with npm's registry key, but this bundle carries a certificate.",
    };
  }
  if (!parsed.entity) return libraryFailure(parsed.entityError);
  try {
    verifier.verify(parsed.entity);
    return undefined;
  } catch (error) {
    return libraryFailure(error);
  }
}

/** Maps @sigstore/verify's error codes onto the check that raised them. */
export function libraryFailure(error: unknown): LibraryFailure {
  const code = errorCode(error);
  const message = describeError(error);
  switch (code) {
    case 'TIMESTAMP_ERROR':
      return { check: 'timestamps', code, message };
    case 'CERTIFICATE_ERROR':
    case 'PUBLIC_KEY_ERROR':
      return { check: 'signing-key', code, message };
    case 'KEY_NOT_FOUND':
      return { check: 'signing-key', code, message };
    case 'TLOG_ERROR':
    case 'TLOG_INCLUSION_PROOF_ERROR':
    case 'TLOG_INCLUSION_PROMISE_ERROR':
    case 'TLOG_MISSING_INCLUSION_ERROR':
    case 'TLOG_BODY_ERROR':
      return { check: 'transparency-log', code, message };
    case 'SIGNATURE_ERROR':
      return { check: 'signature', code, message };
    default:
      // Anything else (a parse error deep in the library) still fails the bundle, at
      // the signing key, which is where the library parses certificates and keys.
      return { check: 'signing-key', code: 'VERIFICATION_ERROR', message };
  }
}

const KNOWN_CODES = new Set<string>([
  'TIMESTAMP_ERROR',
  'CERTIFICATE_ERROR',
  'PUBLIC_KEY_ERROR',
  'KEY_NOT_FOUND',
  'TLOG_ERROR',
  'TLOG_INCLUSION_PROOF_ERROR',
  'TLOG_INCLUSION_PROMISE_ERROR',
  'TLOG_MISSING_INCLUSION_ERROR',
  'TLOG_BODY_ERROR',
  'SIGNATURE_ERROR',
  'UNTRUSTED_SIGNER_ERROR',
  'NOT_IMPLEMENTED_ERROR',
]);

function errorCode(error: unknown): StepCode | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return KNOWN_CODES.has(error.code) ? (error.code as StepCode) : undefined;
  }
  return undefined;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details =
    'fields' in error && Array.isArray(error.fields) && error.fields.length ? ` (${error.fields.join(', ')})` : '';
  const cause =
    'cause' in error && error.cause instanceof Error && error.cause.message !== error.message
      ? `: ${error.cause.message}`
      : '';
  return `${error.message}${details}${cause}`;
}

type ParsedStatement = { ok: true; statement: InTotoStatement } | { ok: false; message: string };

function parseStatement(bundle: Bundle): ParsedStatement {
  if (bundle.content.$case !== 'dsseEnvelope') return { ok: false, message: 'No DSSE envelope.' };
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return { ok: false, message: `The envelope carries "${envelope.payloadType}", not an in-toto statement.` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(envelope.payload));
  } catch {
    return { ok: false, message: 'The envelope payload is not valid JSON.' };
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return { ok: false, message: 'The in-toto statement is not an object.' };
  }
  const { subject, predicateType } = parsed as Record<string, unknown>;
  if (!Array.isArray(subject) || typeof predicateType !== 'string') {
    return { ok: false, message: 'The in-toto statement lacks a subject list or a predicateType.' };
  }
  return { ok: true, statement: parsed as InTotoStatement };
}

function readMediaType(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const value = (json as Record<string, unknown>).mediaType;
  return typeof value === 'string' ? value : undefined;
}

export function leafCertificate(bundle: Bundle): X509Certificate | undefined {
  const material = bundle.verificationMaterial.content;
  const raw =
    material.$case === 'certificate'
      ? material.certificate.rawBytes
      : material.$case === 'x509CertificateChain'
        ? material.x509CertificateChain.certificates[0]?.rawBytes
        : undefined;
  if (!raw) return undefined;
  try {
    return X509Certificate.parse(Buffer.from(raw));
  } catch {
    return undefined;
  }
}

export function tlogRef(bundle: Bundle): TlogRef | undefined {
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (!entry) return undefined;
  const ref: TlogRef = { logIndex: entry.logIndex, kind: `${entry.kindVersion.kind} ${entry.kindVersion.version}` };
  if (entry.integratedTime && entry.integratedTime !== '0') ref.integratedTime = entry.integratedTime;
  return ref;
}

/** "Bundle v0.3, Rekor dsse entry"; `content` names what it signs, when that is news. */
export function describeFormat(bundle: Bundle, content?: string): string {
  const version = bundle.mediaType.match(/v?(\d+\.\d+)/)?.[1] ?? bundle.mediaType;
  const kinds = bundle.verificationMaterial.tlogEntries.map((e) => e.kindVersion?.kind ?? 'unknown').join(', ');
  return `Bundle v${version}${content ? `, ${content}` : ''}${kinds ? `, Rekor ${kinds} entry` : ''}`;
}

function successMessage(result: BundleCheck): string {
  return result.keyHint
    ? `Signed by key ${result.keyHint}, logged in Rekor${result.tlog ? ` at index ${result.tlog.logIndex}` : ''}.`
    : `Signed with a Fulcio certificate chaining to the trusted root, logged in Rekor${result.tlog ? ` at index ${result.tlog.logIndex}` : ''}.`;
}
