// Builds the JSON audit export off the main thread. It lives in a worker for two
// reasons: a package with thousands of versions makes a multi-megabyte document, and
// the trusted root it must include stays out of the page's initial bundle. (The page
// already imports `npmKeys` from virtual:sigstore-seeds statically, so a dynamic
// import of `trustedRoot` would land in the same, initial, chunk; a worker is a
// separate build.)
import { expose } from 'comlink';
import { trustedRoot, tufVersion } from 'virtual:sigstore-seeds';
import { buildAuditExport, type AuditExportInput } from '../core/export/audit-export';
import type { TrustedRootState } from '../core/trust/trust-state';

export type AuditJsonInput = Omit<AuditExportInput, 'trustedRoot' | 'trustedRootSource' | 'trustedRootInUse'> & {
  /** The root in use (src/lib/trust-client); its `trustedRoot` is undefined when the bundled one is used. */
  trust?: TrustedRootState;
};

const service = {
  auditJson({ trust, ...input }: AuditJsonInput): string {
    const fromTuf = trust?.trustedRoot !== undefined && trust.source !== 'bundled';
    const doc = buildAuditExport({
      ...input,
      trustedRoot: fromTuf ? trust.trustedRoot : trustedRoot,
      trustedRootSource: fromTuf
        ? `Sigstore trusted root from the TUF repository ${trust.repository} (${trust.source === 'cached' ? `verified on ${trust.verifiedAt ?? 'an earlier visit'}, kept in this browser` : 'verified during this visit'})`
        : `Sigstore public-good trusted root, from @sigstore/tuf ${tufVersion} (bundled at build time)`,
      ...(trust ? { trustedRootInUse: inUse(trust) } : {}),
    });
    return JSON.stringify(doc, null, 2);
  },
};

/** The state without the root itself (already in `trustedRoot`) and npm's keys (in `npmKeys`). */
function inUse(trust: TrustedRootState): NonNullable<AuditExportInput['trustedRootInUse']> {
  const out: NonNullable<AuditExportInput['trustedRootInUse']> = {
    source: trust.source,
    updated: trust.updated,
    repository: trust.repository,
  };
  if (trust.verifiedAt) out.verifiedAt = trust.verifiedAt;
  if (trust.reason) out.reason = trust.reason;
  if (trust.reasonCode) out.reasonCode = trust.reasonCode;
  if (trust.tuf) out.tuf = trust.tuf;
  if (trust.initialRootOrigin) out.initialRootOrigin = trust.initialRootOrigin;
  return out;
}

export type ExportService = typeof service;

expose(service);
