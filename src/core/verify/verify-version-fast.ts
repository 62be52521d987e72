// verifyVersion, with the signature checks done by the platform's native crypto where
// the browser's JS shim would do them slowly (see crypto/signature-cache.ts). Under
// Node, where @sigstore uses node:crypto directly, this is verifyVersion as it is.
import { resolveWithWebCrypto, signatureCache } from '../crypto/signature-cache';
import type { VersionRecord, VersionVerification } from '../model';
import type { VerificationContext } from './verification-context';
import { verifyVersion, type AttestationsFetch } from './verify-version';

export async function verifyVersionFast(
  ctx: VerificationContext,
  record: VersionRecord,
  fetched: AttestationsFetch,
): Promise<VersionVerification> {
  if (signatureCache.enabled) {
    // First pass: every signature check "passes" and is written down, so that the pass
    // reaches all the checks a successful verification makes.
    const checks = signatureCache.collect(() => {
      withoutStackTraces(() => verifyVersion(ctx, record, fetched));
    });
    await resolveWithWebCrypto(checks);
  }
  // The real pass: the shim answers the checks resolved above from the cache.
  return withoutStackTraces(() => verifyVersion(ctx, record, fetched));
}

/**
 * @sigstore/core's ASN.1 parser throws and catches errors as it probes values; on V8,
 * capturing their stack traces is a large share of a bundle's parse time. Nothing here
 * reads those stacks (results carry messages only), so none are captured meanwhile.
 */
export function withoutStackTraces<T>(work: () => T): T {
  const errorClass = Error as { stackTraceLimit?: number };
  const limit = errorClass.stackTraceLimit;
  errorClass.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    errorClass.stackTraceLimit = limit;
  }
}
