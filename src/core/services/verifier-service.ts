// What each verifier worker exposes: fetch one version's attestations and verify
// them. The trust material is built once per worker and per key set, never per bundle.
import type { VersionRecord, VersionVerification } from '../model';
import { RegistryError } from '../net/http-errors';
import type { RegistryKey } from '../registry/npm-keys';
import { fetchAttestations } from '../registry/npm-registry';
import { createVerificationContext, type VerificationContext } from '../verify/verification-context';
import type { AttestationsFetch } from '../verify/verify-version';
import { verifyVersionFast } from '../verify/verify-version-fast';
import {
  createTrustRootCache,
  verifyBundle,
  type VerifyBundleRequest,
  type VerifyBundleResult,
} from '../verify/verify-bundle';
import { JobRegistry, type Outcome } from './job-outcome';

export interface VerifierService {
  /** Sets npm's keys; the trust material is rebuilt only when they change. */
  configure(npmKeys: RegistryKey[]): void;
  /**
   * The trusted root to verify with (from Sigstore's TUF repository, src/core/trust);
   * undefined: the one the worker was built with. Rebuilds the trust material if it changed.
   */
  useTrustedRoot(trustedRoot: unknown): void;
  verify(jobId: string, base: string, record: VersionRecord): Promise<Outcome<VersionVerification>>;
  cancel(jobId: string): void;
  /** Verifies bundles someone holds (the #/verify page), with trust material of their choosing. */
  verifyBundle(jobId: string, request: VerifyBundleRequest): Promise<Outcome<VerifyBundleResult>>;
}

export function createVerifierService(bundledTrustedRoot: unknown): VerifierService {
  const jobs = new JobRegistry();
  let trustedRoot = bundledTrustedRoot;
  let context: VerificationContext | undefined;
  let keysFingerprint = '';
  // Trust material per trusted root, built on first use: most workers never see a bundle.
  const bundleTrust = createTrustRootCache();

  return {
    useTrustedRoot(root) {
      trustedRoot = root ?? bundledTrustedRoot;
      if (context) context = createVerificationContext({ trustedRoot, npmKeys: context.npmKeys });
    },
    configure(npmKeys) {
      const fingerprint = JSON.stringify(npmKeys);
      if (context && fingerprint === keysFingerprint) return;
      context = createVerificationContext({ trustedRoot, npmKeys });
      keysFingerprint = fingerprint;
    },
    verify: (jobId, base, record) =>
      jobs.run(jobId, async (signal) => {
        if (!context) throw new Error('The verifier was used before configure().');
        const fetched = await fetchFor(base, record, signal);
        return verifyVersionFast(context, record, fetched);
      }),
    cancel: (jobId) => jobs.cancel(jobId),
    verifyBundle: (jobId, request) => jobs.run(jobId, () => verifyBundle(request, { trustedRoot, cache: bundleTrust })),
  };
}

async function fetchFor(base: string, record: VersionRecord, signal: AbortSignal): Promise<AttestationsFetch> {
  if (!record.dist.attestations) return { kind: 'not-claimed' };
  try {
    return { kind: 'fetched', body: await fetchAttestations(base, record, { signal }) };
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
    case 'MALFORMED_RESPONSE':
      return `the registry's answer is not valid JSON: ${error.message.replace(/\.$/, '')}`;
    default:
      return error.message.replace(/\.$/, '');
  }
}
