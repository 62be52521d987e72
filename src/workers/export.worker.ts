// Builds the JSON audit export off the main thread. It lives in a worker for two
// reasons: a package with thousands of versions makes a multi-megabyte document, and
// the trusted root it must include stays out of the page's initial bundle. (The page
// already imports `npmKeys` from virtual:sigstore-seeds statically, so a dynamic
// import of `trustedRoot` would land in the same, initial, chunk; a worker is a
// separate build.)
import { expose } from 'comlink';
import { trustedRoot, tufVersion } from 'virtual:sigstore-seeds';
import { buildAuditExport, type AuditExportInput } from '../core/export/audit-export';

export type AuditJsonInput = Omit<AuditExportInput, 'trustedRoot' | 'trustedRootSource'>;

const service = {
  auditJson(input: AuditJsonInput): string {
    const doc = buildAuditExport({
      ...input,
      trustedRoot,
      trustedRootSource: `Sigstore public-good trusted root, from @sigstore/tuf ${tufVersion} (bundled at build time)`,
    });
    return JSON.stringify(doc, null, 2);
  },
};

export type ExportService = typeof service;

expose(service);
