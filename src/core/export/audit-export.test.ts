// buildAuditExport on recorded packuments with DERIVED verification results.
import { describe, expect, it } from 'vitest';
import { analyzePackage } from '../analysis/analyze-package';
import { loadPackument, publicGoodRoot, tufKeys } from '../../../test/support/derived-record';
import { derivedLookup, failedVerification } from '../../../test/support/derived-verification';
import { trustedRootDate } from '../trust/trust-state';
import { AUDIT_EXPORT_FORMAT_VERSION, buildAuditExport, exportFileBase, type AuditExportInput } from './audit-export';

const nuxt = loadPackument('@nuxt/kit');
const CHECKED_AT = '2026-02-03T04:05:06.789Z';

function input(overrides: Partial<AuditExportInput> = {}): AuditExportInput {
  return {
    pkg: nuxt,
    analysis: analyzePackage(nuxt, derivedLookup(nuxt)),
    registry: 'https://registry.npmjs.org',
    appVersion: '0.1.0',
    checkedAt: CHECKED_AT,
    trustedRoot: publicGoodRoot(),
    trustedRootSource: 'Sigstore public-good, from @sigstore/tuf (test)',
    npmKeys: { keys: tufKeys(), source: 'bundled' },
    ...overrides,
  };
}

describe('buildAuditExport (derived verifications)', () => {
  it('holds every version with its facts, the findings, the summary and the trust material', () => {
    const source = input();
    const doc = buildAuditExport(source);
    expect(doc.formatVersion).toBe(AUDIT_EXPORT_FORMAT_VERSION);
    expect(doc.formatVersion).toBe(1);
    expect(doc.generator).toEqual({ name: 'provenance-explorer', version: '0.1.0' });
    expect(doc.checkedAt).toBe(CHECKED_AT);
    expect(doc.registry).toBe('https://registry.npmjs.org');
    expect(doc.complete).toBe(true);
    expect(doc.progress).toEqual({ settled: nuxt.versions.length, total: nuxt.versions.length, pending: [] });
    expect(doc.package.name).toBe('@nuxt/kit');
    expect(doc.package.distTags).toEqual(nuxt.distTags);
    expect(doc.versions.map((v) => v.version)).toEqual(nuxt.versions.map((v) => v.version));
    expect(doc.summary).toEqual(source.analysis.summary);
    expect(doc.findings).toEqual(source.analysis.findings);
    expect(doc.trustMaterial.trustedRoot).toEqual(publicGoodRoot());
    expect(doc.trustMaterial.npmKeys.keys.map((k) => k.keyId)).toEqual(tufKeys().map((k) => k.keyId));
    const attested = doc.versions.find((v) => v.record.dist.attestations);
    expect(attested?.status).toBe('verified');
    expect(attested?.verification?.steps).toHaveLength(4);
    expect(attested?.verification?.identity?.sourceRepositoryUri).toBeDefined();
    expect(attested?.facts.repository?.source).toBe('certificate');
    expect(attested?.links.tarball).toMatch(/^https:\/\//);
  });

  it('survives a JSON round trip unchanged (plain data only)', () => {
    const doc = buildAuditExport(input());
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('derived: pending versions make it incomplete and are listed; a failure names its step', () => {
    const [newest, second] = nuxt.versions;
    if (!newest || !second) throw new Error('nuxt/kit has versions');
    const analysis = analyzePackage(
      nuxt,
      derivedLookup(nuxt, { [newest.version]: undefined, [second.version]: failedVerification(second) }),
    );
    const doc = buildAuditExport(input({ analysis, npmKeys: undefined }));
    expect(doc.complete).toBe(false);
    expect(doc.progress).toEqual({
      settled: nuxt.versions.length - 1,
      total: nuxt.versions.length,
      pending: [newest.version],
    });
    expect(doc.versions[0]).toMatchObject({ version: newest.version, status: 'pending' });
    expect(doc.versions[0]?.verification).toBeUndefined();
    expect(doc.versions[1]?.failedStep).toEqual({
      step: 'provenance-bundle',
      code: 'TLOG_BODY_ERROR',
      message: 'SLSA provenance: tlog entry signature mismatch',
    });
    expect(doc.trustMaterial.npmKeys).toEqual({ source: 'unknown', keys: [] });
  });

  it('names files without directory separators', () => {
    expect(exportFileBase('@nuxt/kit', CHECKED_AT)).toBe('nuxt__kit-audit-2026-02-03-04-05-06');
    expect(exportFileBase('../../etc', CHECKED_AT)).not.toMatch(/[/\\]/);
  });
});

describe('buildAuditExport: the trusted root in use (derived verifications)', () => {
  it('names the root in use, its source, date and fallback reason', () => {
    const inUse = {
      source: 'bundled' as const,
      updated: '2025-04-01T00:00:00.000Z',
      repository: 'https://tuf-repo-cdn.sigstore.dev',
      reason: 'the TUF repository https://tuf-repo-cdn.sigstore.dev did not answer within 3 s.',
      reasonCode: 'timeout' as const,
    };
    const doc = buildAuditExport(input({ trustedRootInUse: inUse }));
    expect(doc.trustMaterial.trustedRootInUse).toEqual(inUse);
  });

  it('without a stated source: the given root as bundled, dated by its newest key', () => {
    const doc = buildAuditExport(input());
    expect(doc.trustMaterial.trustedRootInUse.source).toBe('bundled');
    expect(doc.trustMaterial.trustedRootInUse.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(doc.trustMaterial.trustedRootInUse.updated).toBe(trustedRootDate(publicGoodRoot()));
  });
});
