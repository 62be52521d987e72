// The two engines the differential tests compare, side by side in one process.
//
// - The BROWSER engine: the app's own verifier (src/core/verify/verify-bundle.ts)
//   imported through Vite. In the `browser-crypto` Vitest project @sigstore/* is
//   pre-bundled with `crypto` and `util` aliased to the browser shims, the fast DER
//   encoder is installed, and signature checks go through the WebCrypto two-pass driver:
//   what the verifier worker runs.
// - The NATIVE engine: the published CommonJS @sigstore/* packages loaded through Node's
//   own loader (`createRequire`), so that `require('crypto')` inside them is Node's
//   native crypto (OpenSSL), and the library's own `ASN1Obj.toDER`, on Node's own
//   Buffer ({@link onNodeBuffer}: the project's global Buffer is the browser's).
//
// Both are given the same inputs; `nativeVerdict` applies the few rules the page adds on
// top of the library (input parsing, a trusted root that says it is one and names a CA or
// a log, the expected identity matched exactly, artifact binding) so that both answer
// with the same vocabulary of verdict codes.
import type * as NodeCrypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as SigstoreBundle from '@sigstore/bundle';
import type * as SigstoreCore from '@sigstore/core';
import type * as ProtobufSpecs from '@sigstore/protobuf-specs';
import type * as SigstoreVerify from '@sigstore/verify';
import { readSigstoreSeeds } from '../../scripts/sigstore-seeds';
import { createNativeSignatureRunner } from '../../src/core/verify/native-signatures';
import { keyValidAt, type RegistryKey } from '../../src/core/registry/npm-keys';
import { parseIdentityInput } from '../../src/core/verify/bundle/identity-rule';
import {
  createTrustRootCache,
  verifyBundle,
  type VerifyBundleRequest,
  type VerifyBundleResult,
} from '../../src/core/verify/verify-bundle';

const nodeRequire = createRequire(import.meta.url);

/**
 * Node's own crypto module. In the `browser-crypto` project `import … from 'node:crypto'`
 * resolves to the browser shim (that alias is the point of the project), so whatever must
 * be Node's real crypto is required through Node's loader.
 */
export const nodeCrypto = nodeRequire('node:crypto') as typeof NodeCrypto;

const NodeBuffer = (nodeRequire('node:buffer') as { Buffer: typeof Buffer }).Buffer;

/**
 * Runs `work` (synchronous: nothing else runs meanwhile) with Node's own Buffer as the
 * global one. The `browser-crypto` project's global Buffer is the browser's, the `buffer`
 * package (test/support/browser-buffer.ts), and the library loaded through Node's loader
 * uses the global `Buffer` as it is when it runs: the native engine runs on Node's.
 */
export function onNodeBuffer<T>(work: () => T): T {
  const scope = globalThis as { Buffer: unknown };
  const previous = scope.Buffer;
  scope.Buffer = NodeBuffer;
  try {
    return work();
  } finally {
    scope.Buffer = previous;
  }
}

/** @sigstore/* as Node loads them: native crypto, the library's own DER encoder. */
export const native = {
  verify: nodeRequire('@sigstore/verify') as typeof SigstoreVerify,
  bundle: nodeRequire('@sigstore/bundle') as typeof SigstoreBundle,
  core: nodeRequire('@sigstore/core') as typeof SigstoreCore,
  specs: nodeRequire('@sigstore/protobuf-specs') as typeof ProtobufSpecs,
  /** The library's policy checks, as its Verifier runs them (not exported from its index). */
  policy: nodeRequire('@sigstore/verify/dist/policy') as {
    verifySubjectAlternativeName(policyIdentity: string, signerIdentity: string | undefined): void;
  },
};

/** The public-good trusted root the app bundles (from the installed @sigstore/tuf). */
export const bundledTrustedRoot: unknown = readSigstoreSeeds().trustedRoot;

/** One input, as the #/verify page takes it. */
export interface Item {
  name: string;
  /** The bundle or npm attestations response, as text. */
  bundle: string;
  artifact?: Uint8Array;
  /** The artifact's digest (`sha256:<hex>`) instead of the file. */
  digest?: string;
  identity?: string;
  issuer?: string;
  /** Trusted root JSON text; absent: the bundled public-good root. */
  trustedRoot?: string;
  /** PEM public key for key-signed bundles. */
  publicKey?: string;
  npmKeys?: RegistryKey[];
}

/** A verdict per bundle in the input: `OK` or the code of the failure. */
export type Verdicts = string[];

// The worker's way: signatures through the two-pass WebCrypto runner (native-signatures.ts).
const browserDefaults = {
  trustedRoot: bundledTrustedRoot,
  cache: createTrustRootCache(),
  signatures: createNativeSignatureRunner(),
};

export async function browserResult(item: Item): Promise<VerifyBundleResult> {
  const request: VerifyBundleRequest = { bundle: item.bundle, npmKeys: item.npmKeys ?? [] };
  if (item.artifact) request.artifact = new Blob([item.artifact as Uint8Array<ArrayBuffer>]);
  if (item.digest !== undefined) request.digest = item.digest;
  if (item.identity !== undefined) request.identity = item.identity;
  if (item.issuer !== undefined) request.issuer = item.issuer;
  if (item.trustedRoot !== undefined) request.trustedRoot = item.trustedRoot;
  if (item.publicKey !== undefined) request.publicKey = item.publicKey;
  return verifyBundle(request, browserDefaults);
}

/** The browser pipeline's verdict codes (`OK` or the failure's code), one per bundle. */
export async function browserVerdict(item: Item): Promise<Verdicts> {
  const result = await browserResult(item);
  return result.verdicts.map((v) => (v.verdict === 'verified' ? 'OK' : v.code));
}

// ---------------------------------------------------------------------------------------
// The native engine

const LIBRARY_CODES = new Set([
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

/** The bundle versions the page (and so the native engine) verifies. */
export const SUPPORTED_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
]);

/**
 * Whether a message signature's digest is of a known algorithm and names another artifact:
 * the page then checks the signature over that digest, not the artifact's bytes. A digest
 * of no known algorithm is checked as the library checks it, over the artifact's bytes.
 */
function messageDigestNamesOther(bundle: SigstoreBundle.Bundle, artifact: Uint8Array): boolean {
  if (bundle.content.$case !== 'messageSignature') return false;
  const { algorithm, digest } = bundle.content.messageSignature.messageDigest;
  const name = ({ 1: 'sha256', 2: 'sha384', 3: 'sha512' } as const)[algorithm as 1 | 2 | 3];
  return name !== undefined && sha(name, artifact) !== Buffer.from(digest).toString('hex');
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && LIBRARY_CODES.has(code) ? code : 'VERIFICATION_ERROR';
}

function sha(algorithm: 'sha256' | 'sha384' | 'sha512', bytes: Uint8Array): string {
  return nodeCrypto.createHash(algorithm).update(bytes).digest('hex');
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

interface NativeContext {
  verifier: SigstoreVerify.Verifier;
}

function nativeContext(item: Item): NativeContext | string {
  let rootJson: unknown = bundledTrustedRoot;
  if (item.trustedRoot !== undefined) {
    try {
      rootJson = JSON.parse(item.trustedRoot);
    } catch {
      return 'TRUSTED_ROOT_INVALID';
    }
  }
  let publicKey: ReturnType<typeof native.core.crypto.createPublicKey> | undefined;
  try {
    if (item.publicKey !== undefined) publicKey = native.core.crypto.createPublicKey(item.publicKey.trim());
  } catch {
    return 'PUBLIC_KEY_INVALID';
  }
  // The page's own checks of a trusted root given as input (verify-bundle.ts `loadTrust`),
  // before the library reads it: it must say it is one, and name a CA or a log.
  const mediaType = record(rootJson)?.mediaType;
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot'))
    return 'TRUSTED_ROOT_INVALID';
  const npmKeys = item.npmKeys ?? [];
  let material: SigstoreVerify.TrustMaterial;
  try {
    material = native.verify.toTrustMaterial(native.specs.TrustedRoot.fromJSON(rootJson), (hint: string) => {
      const npm = npmKeys.find((k) => k.keyId === hint && (!k.usages || k.usages.includes('npm:attestations')));
      if (npm) {
        return {
          publicKey: native.core.crypto.createPublicKey(npm.publicKey),
          validFor: (date: Date) => keyValidAt(npm, date),
        };
      }
      if (publicKey) return { publicKey, validFor: () => true };
      throw Object.assign(new Error(`no key ${hint}`), { code: 'KEY_NOT_FOUND' });
    });
  } catch {
    return 'TRUSTED_ROOT_INVALID';
  }
  if (material.certificateAuthorities.length === 0 && material.tlogs.length === 0) return 'TRUSTED_ROOT_INVALID';
  return { verifier: new native.verify.Verifier(material) };
}

function nativeOne(ctx: NativeContext, json: unknown, item: Item, declaredPredicateType?: string): string {
  const mediaType = record(json)?.mediaType;
  if (typeof mediaType !== 'string') return 'BUNDLE_MALFORMED';
  if (!SUPPORTED_MEDIA_TYPES.has(mediaType)) return 'BUNDLE_UNSUPPORTED_VERSION';
  let bundle: SigstoreBundle.Bundle;
  try {
    bundle = native.bundle.bundleFromJSON(json);
  } catch {
    return 'BUNDLE_MALFORMED';
  }
  const isMessage = bundle.content.$case === 'messageSignature';
  let entity: SigstoreVerify.SignedEntity;
  try {
    entity =
      isMessage && item.artifact
        ? native.verify.toSignedEntity(bundle, Buffer.from(item.artifact))
        : native.verify.toSignedEntity(bundle);
    ctx.verifier.verify(entity);
  } catch (error) {
    // The page checks a message signature over the bundle's own digest when the artifact
    // is not the one that digest names, and reports the artifact mismatch; the library can
    // only check it over the artifact's bytes, where it fails as a bad signature.
    if (
      isMessage &&
      item.artifact &&
      codeOf(error) === 'SIGNATURE_ERROR' &&
      messageDigestNamesOther(bundle, item.artifact)
    ) {
      return 'ARTIFACT_MISMATCH';
    }
    return codeOf(error);
  }
  let subjects: { digest?: Record<string, unknown> }[] = [];
  if (bundle.content.$case === 'dsseEnvelope') {
    const envelope = bundle.content.dsseEnvelope;
    let statement: Record<string, unknown> | undefined;
    try {
      statement = record(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(envelope.payload)));
    } catch {
      statement = undefined;
    }
    if (
      envelope.payloadType !== 'application/vnd.in-toto+json' ||
      !statement ||
      !Array.isArray(statement.subject) ||
      typeof statement.predicateType !== 'string'
    ) {
      return 'PAYLOAD_MALFORMED';
    }
    if (declaredPredicateType !== undefined && statement.predicateType !== declaredPredicateType) {
      return 'PREDICATE_TYPE_UNEXPECTED';
    }
    subjects = statement.subject as typeof subjects;
  }
  if (item.artifact) {
    const ours = {
      sha256: sha('sha256', item.artifact),
      sha384: sha('sha384', item.artifact),
      sha512: sha('sha512', item.artifact),
    };
    const bound: [string, string][] = [];
    if (bundle.content.$case === 'messageSignature') {
      const names: Record<number, string> = { 1: 'sha256', 2: 'sha384', 3: 'sha512' };
      const name = names[bundle.content.messageSignature.messageDigest.algorithm];
      if (name) bound.push([name, Buffer.from(bundle.content.messageSignature.messageDigest.digest).toString('hex')]);
    } else {
      for (const subject of subjects) {
        for (const name of ['sha256', 'sha384', 'sha512'] as const) {
          const value = record(subject)?.digest && record(record(subject)?.digest)?.[name];
          if (typeof value === 'string') bound.push([name, value.toLowerCase()]);
        }
      }
    }
    if (!bound.some(([name, value]) => ours[name as keyof typeof ours] === value)) return 'ARTIFACT_MISMATCH';
  }
  const { identity, issuer } = expectedSigner(item);
  if ((identity !== undefined || issuer !== undefined) && bundle.verificationMaterial.content.$case !== 'publicKey') {
    // The library's own policy check, after the rest as on the page. The page matches the
    // expected identity exactly (identity-rule.ts), as cosign's --certificate-identity
    // does; the library reads it as an unanchored regular expression ("For exact
    // matching, use anchored patterns", its policy.js), under which a prefix of the SAN,
    // or a `.` for any character, would match. So it is asked for the exact match. The
    // issuer is compared exactly by both.
    const policy = {
      ...(identity !== undefined ? { subjectAlternativeName: exactPattern(identity) } : {}),
      ...(issuer !== undefined ? { extensions: { issuer } } : {}),
    };
    try {
      ctx.verifier.verify(entity, policy);
    } catch (error) {
      return codeOf(error) === 'UNTRUSTED_SIGNER_ERROR' ? 'IDENTITY_MISMATCH' : codeOf(error);
    }
  }
  return 'OK';
}

/** A regular expression that matches `text` and nothing else. */
export function exactPattern(text: string): string {
  return `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** The expected signer as the page reads its fields (verify-bundle.ts): trimmed; empty is none. */
function expectedSigner(item: Item): { identity?: string; issuer?: string } {
  const identity = item.identity?.trim() || undefined;
  const issuer = item.issuer?.trim() || undefined;
  return { ...(identity !== undefined ? { identity } : {}), ...(issuer !== undefined ? { issuer } : {}) };
}

/**
 * The page's syntax for an expected identity (its own parser: a URL or an email address
 * is matched exactly; its GitHub short form, `owner/repo…`, is a rule of its own that no
 * item uses) and issuer (an http(s) URL, verify-bundle.ts `parseInputs`).
 */
function signerInputCode(item: Item): string | undefined {
  const { identity, issuer } = expectedSigner(item);
  if (identity !== undefined) {
    const parsed = parseIdentityInput(identity);
    if (!parsed.ok) return 'IDENTITY_INVALID';
    if (parsed.value.kind !== 'exact') throw new Error(`${item.name}: the GitHub short form is not modelled here`);
  }
  if (issuer !== undefined && !/^https?:\/\/\S+$/.test(issuer)) return 'ISSUER_INVALID';
  return undefined;
}

/**
 * The library on Node's native crypto, with the page's rules around it: the verdict
 * code per bundle (`OK` or the failure's code), in the page's vocabulary.
 */
export function nativeVerdict(item: Item): Verdicts {
  return onNodeBuffer(() => nativeVerdictOnNode(item));
}

function nativeVerdictOnNode(item: Item): Verdicts {
  let json: unknown;
  try {
    json = JSON.parse(item.bundle);
  } catch {
    return ['JSON_MALFORMED'];
  }
  const inputCode = signerInputCode(item);
  if (inputCode) return [inputCode];
  const ctx = nativeContext(item);
  if (typeof ctx === 'string') return [ctx];
  const object = record(json);
  if (object && 'attestations' in object) {
    // The page's rule (bundle/entries.ts): an attestations response lists at least one.
    if (!Array.isArray(object.attestations) || object.attestations.length === 0) return ['BUNDLE_MALFORMED'];
    return object.attestations.map((entry: unknown) => {
      const e = record(entry);
      const declared = typeof e?.predicateType === 'string' ? e.predicateType : undefined;
      return nativeOne(ctx, e?.bundle, item, declared);
    });
  }
  return [nativeOne(ctx, json, item)];
}
