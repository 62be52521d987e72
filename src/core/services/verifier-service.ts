// What each verifier worker exposes: fetch one version's attestations and verify
// them. The trust material is built once per worker and per key set, never per bundle.
import type { VersionRecord, VersionVerification } from '../model';
import { CORS_REFUSAL_REASON, RegistryError } from '../net/http-errors';
import type { NetSettings } from '../net/net-settings';
import type { RegistryKey } from '../registry/npm-keys';
import { fetchAttestations } from '../registry/npm-registry';
import { createVerificationContext, type VerificationContext } from '../verify/verification-context';
import type { AttestationsFetch } from '../verify/verify-version';
import { createNativeSignatureRunner, directSignatures } from '../verify/native-signatures';
import { createTrustRootCache } from '../verify/trust-root';
import { digestOf, fetchKind, isCacheableVerdict, verdictKey, verdictScope, type VerdictCache } from '../verify/verdict-cache';
import { verifyBundle, type VerifyBundleRequest, type VerifyBundleResult } from '../verify/verify-bundle';
import { verifyVersion } from '../verify/verify-version';
import { JobRegistry, type Outcome } from './job-outcome';

export interface VerifierService {
  /** Sets npm's keys; the trust material is rebuilt only when they change. */
  configure(npmKeys: RegistryKey[]): void;
  /**
   * The trusted root to verify with (from Sigstore's TUF repository, src/core/trust);
   * undefined: the one the worker was built with. Rebuilds the trust material if it changed.
   */
  useTrustedRoot(trustedRoot: unknown): void;
  verify(jobId: string, base: string, record: VersionRecord, net?: NetSettings): Promise<Outcome<VersionVerification>>;
  cancel(jobId: string): void;
  /** Verifies bundles someone holds (the #/verify page), with trust material of their choosing. */
  verifyBundle(jobId: string, request: VerifyBundleRequest): Promise<Outcome<VerifyBundleResult>>;
}

export interface VerifierOptions {
  /**
   * True where @sigstore runs on the JS crypto shim (the browser's workers): signatures
   * are then checked by WebCrypto in two passes (see verify/native-signatures.ts).
   */
  nativeSignatures?: boolean;
  /**
   * Where final verdicts are kept between visits (src/core/verify/verdict-cache.ts),
   * written here because only the worker knows exactly which root and keys it used.
   */
  verdicts?: {
    cache: VerdictCache;
    /** The verifier's build fingerprint (part of every key). */
    verifier: string;
    /** `digestOf` the trusted root the worker was built with. */
    bundledTrustedRootDigest: string;
  };
}

export function createVerifierService(bundledTrustedRoot: unknown, options: VerifierOptions = {}): VerifierService {
  const jobs = new JobRegistry();
  let trustedRoot = bundledTrustedRoot;
  let context: VerificationContext | undefined;
  let keysFingerprint = '';
  // Trust material per trusted root, shared by the timeline and the #/verify page: the
  // public-good root is parsed once per worker, another root on first use.
  const trust = createTrustRootCache();
  const signatures = options.nativeSignatures ? createNativeSignatureRunner() : directSignatures;
  const verdicts = options.verdicts;
  // The digests of the root and keys `context` was built with, for the verdicts' keys.
  let rootDigest: Promise<string> | undefined = verdicts && Promise.resolve(verdicts.bundledTrustedRootDigest);
  let keysDigest: Promise<string> | undefined;

  return {
    useTrustedRoot(root) {
      trustedRoot = root ?? bundledTrustedRoot;
      if (verdicts) rootDigest = root === undefined ? Promise.resolve(verdicts.bundledTrustedRootDigest) : digestOf(root);
      if (context) context = createVerificationContext({ trustedRoot, npmKeys: context.npmKeys }, trust);
    },
    configure(npmKeys) {
      const fingerprint = JSON.stringify(npmKeys);
      if (context && fingerprint === keysFingerprint) return;
      context = createVerificationContext({ trustedRoot, npmKeys }, trust);
      keysFingerprint = fingerprint;
      if (verdicts) keysDigest = digestOf(npmKeys);
    },
    verify: (jobId, base, record, net) =>
      jobs.run(jobId, async (signal) => {
        if (!context) throw new Error('The verifier was used before configure().');
        const fetched = await fetchFor(base, record, signal, net);
        // The root and keys this verdict is computed with, taken together with the context.
        const ctx = context;
        const digests = verdicts && rootDigest && keysDigest ? Promise.all([rootDigest, keysDigest]) : undefined;
        const result = await signatures.run(() => verifyVersion(ctx, record, fetched));
        if (verdicts && digests && isCacheableVerdict(result, fetchKind(fetched))) {
          // Stored before it is shown: a verdict on screen is one a reload finds. Best effort.
          try {
            const [trustedRootDigest, npmKeysDigest] = await digests;
            const key = await verdictKey({
              base,
              attestationProxy: net?.attestationProxy,
              record,
              trustedRootDigest,
              npmKeysDigest,
              verifier: verdicts.verifier,
            });
            await verdicts.cache.put(
              key,
              result,
              verdictScope({ base, attestationProxy: net?.attestationProxy, name: record.name }),
            );
          } catch {
            // No IndexedDB, a full disk: the session's cache still has it.
          }
        }
        return result;
      }),
    cancel: (jobId) => jobs.cancel(jobId),
    verifyBundle: (jobId, request) =>
      jobs.run(jobId, () => verifyBundle(request, { trustedRoot, cache: trust, signatures })),
  };
}

async function fetchFor(
  base: string,
  record: VersionRecord,
  signal: AbortSignal,
  net: NetSettings | undefined,
): Promise<AttestationsFetch> {
  if (!record.dist.attestations) return { kind: 'not-claimed' };
  try {
    return { kind: 'fetched', body: await fetchAttestations(base, record, { signal, ...(net ? { net } : {}) }) };
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'ABORTED') throw error;
    const reason = error instanceof RegistryError ? describeFetchError(error) : String(error);
    return { kind: 'unavailable', reason };
  }
}

function describeFetchError(error: RegistryError): string {
  switch (error.code) {
    case 'NOT_FOUND':
      return 'the registry has no attestations at that address, HTTP 404';
    case 'CORS':
      return `${CORS_REFUSAL_REASON}: ${originOf(error.url)} answered without an Access-Control-Allow-Origin header`;
    case 'TIMEOUT':
      return `the request timed out: ${error.message.replace(/\.$/, '')}`;
    case 'MALFORMED_RESPONSE':
      return `the registry's answer is not valid JSON: ${error.message.replace(/\.$/, '')}`;
    default:
      return error.message.replace(/\.$/, '');
  }
}

function originOf(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : 'the server';
  } catch {
    return 'the server';
  }
}
