import { describe, expect, it } from 'vitest';
import { analyzePackage } from '../analysis/analyze-package';
import type { PackageRecord, VersionVerification } from '../model';
import { derivedVersion, flipBase64Bit, loadPackument, withVersions } from '../../../test/support/derived-record';
import { derivedLookup, failedVerification } from '../../../test/support/derived-verification';
import { compareIntegrity, hexToBase64 } from './integrity';
import type { LockEntry } from './lockfiles/types';
import { buildReview, byWeakness, continuityVersions, type PackageState } from './review';
import { buildReviewExport, REVIEW_CSV_COLUMNS, reviewCsv } from './review-export';

const vue = loadPackument('vue');
const isOdd = loadPackument('is-odd');

function lockEntry(name: string, version: string, extra: Partial<LockEntry> = {}): LockEntry {
  const key = `${name}@${version}`;
  return { name, version, key, direct: true, parents: [], path: [key], ...extra };
}

function integrityOf(pkg: PackageRecord, version: string): string {
  const integrity = pkg.versions.find((v) => v.version === version)?.dist.integrity;
  if (!integrity) throw new Error(`no integrity for ${version}`);
  return integrity;
}

/** DERIVED: vue with a 3.5.28 published by a person's token, without provenance, with a postinstall. */
function vueWithWeakRelease(): PackageRecord {
  const base = vue.versions.find((v) => v.version === '3.5.27');
  if (!base) throw new Error('3.5.27 missing');
  const weak = derivedVersion(base, {
    version: '3.5.28',
    publishedAt: '2026-02-10T10:00:00.000Z',
    publisher: { name: 'someone-new' },
    dist: { ...base.dist, integrity: 'sha512-' + 'A'.repeat(86) + '==', attestations: undefined },
    installScripts: { postinstall: 'node steal.js' },
  });
  delete weak.dist.attestations;
  return withVersions(vue, [weak], { ...vue.distTags, latest: '3.5.28' });
}

function packages(...records: PackageRecord[]): Map<string, PackageState> {
  return new Map(records.map((record) => [record.name, { status: 'loaded', record }]));
}

function lookupFor(...records: PackageRecord[]) {
  const lookups = new Map(records.map((record) => [record.name, derivedLookup(record)]));
  return (name: string, version: string) => lookups.get(name)?.(version);
}

describe('compareIntegrity', () => {
  const registry = { integrity: integrityOf(vue, '3.5.27') };
  it('matches, mismatches, or cannot tell', () => {
    expect(compareIntegrity({ integrity: registry.integrity }, registry)).toMatchObject({ status: 'match', algorithm: 'sha512' });
    const flipped = `sha512-${flipBase64Bit(registry.integrity.slice(7))}`;
    expect(compareIntegrity({ integrity: flipped }, registry)).toMatchObject({ status: 'mismatch', algorithm: 'sha512' });
    expect(compareIntegrity({}, registry).status).toBe('unknown');
    expect(compareIntegrity(undefined, registry).message).toMatch(/resolved from the registry/);
    expect(compareIntegrity({ integrity: registry.integrity }, undefined).status).toBe('unknown');
  });

  it('compares SHA-1 with the registry shasum (hex) and a yarn resolved fragment', () => {
    const shasum = '1319f6579357f2338d3337d2cdd4914bb5dcc865';
    const sri = `sha1-${hexToBase64(shasum)}`;
    expect(compareIntegrity({ integrity: sri }, { shasum })).toMatchObject({ status: 'match', algorithm: 'sha1' });
    expect(compareIntegrity({ resolved: `https://r/debug/-/debug-4.3.4.tgz#${shasum}` }, { shasum })).toMatchObject({ status: 'match' });
    expect(compareIntegrity({ resolved: `https://r/x.tgz#${'0'.repeat(40)}` }, { shasum }).status).toBe('mismatch');
    expect(compareIntegrity({ integrity: sri }, { integrity: registry.integrity }).status).toBe('unknown');
  });
});

describe('buildReview (derived verification results on recorded packuments)', () => {
  it('derived: a verified trusted-publisher version whose lockfile integrity matches', () => {
    const review = buildReview({
      entries: [lockEntry('vue', '3.5.27', { integrity: integrityOf(vue, '3.5.27') })],
      packages: packages(vue),
      verificationOf: lookupFor(vue),
      fromLockfile: true,
    });
    expect(review.rows[0]).toMatchObject({
      status: 'ready',
      trust: 'trusted-publisher',
      verification: 'verified',
      integrity: { status: 'match' },
      findings: [],
      repository: 'https://github.com/vuejs/core',
    });
    expect(review.summary).toMatchObject({ total: 1, verified: 1, settled: 1, weakest: [] });
  });

  it('derived: an integrity mismatch is a high finding and among the weakest', () => {
    const flipped = `sha512-${flipBase64Bit(integrityOf(vue, '3.5.27').slice(7))}`;
    const review = buildReview({
      entries: [lockEntry('vue', '3.5.27', { integrity: flipped }), lockEntry('is-odd', '3.0.1', { integrity: integrityOf(isOdd, '3.0.1') })],
      packages: packages(vue, isOdd),
      verificationOf: lookupFor(vue, isOdd),
      fromLockfile: true,
    });
    const row = review.rows[0];
    expect(row?.integrity.status).toBe('mismatch');
    expect(row?.findings).toEqual([expect.objectContaining({ kind: 'integrity-mismatch', severity: 'high' })]);
    expect(review.summary.weakest).toEqual(['vue@3.5.27']);
    expect(review.summary.integrity).toEqual({ match: 1, mismatch: 1, unknown: 0 });
    expect(review.rows[1]).toMatchObject({ trust: 'none', verification: 'absent', integrity: { status: 'match' } });
  });

  it("derived: a downgrade, a publisher change and install scripts carry the timeline's own messages", () => {
    const pkg = vueWithWeakRelease();
    const review = buildReview({
      entries: [lockEntry('vue', '3.5.28')],
      packages: packages(pkg),
      verificationOf: lookupFor(pkg),
      fromLockfile: true,
    });
    const row = review.rows[0];
    const kinds = row?.findings.map((f) => `${f.kind}:${f.severity}`).sort();
    // Medium: vue's history had token publishes before trusted publishing (the timeline's rule).
    expect(kinds).toEqual(['install-scripts-added:high', 'publisher-change:medium', 'trust-downgrade:high']);
    // The very findings the timeline shows for 3.5.28.
    const timeline = analyzePackage(pkg, derivedLookup(pkg)).findings.filter((f) => f.versions[0] === '3.5.28');
    for (const finding of row?.findings ?? []) expect(timeline).toContainEqual(finding);
    expect(row).toMatchObject({ trust: 'none', hasInstallScripts: true, weakness: 2, integrity: { status: 'unknown' } });
  });

  it('derived: a failed verification is the weakest of all and counts as no provenance', () => {
    const record = vue.versions.find((v) => v.version === '3.5.26');
    if (!record) throw new Error('3.5.26 missing');
    const failed = failedVerification(record);
    const base = derivedLookup(vue);
    const verificationOf = (_name: string, version: string): VersionVerification | undefined =>
      version === '3.5.26' ? failed : base(version);
    const review = buildReview({
      entries: [lockEntry('vue', '3.5.27'), lockEntry('vue', '3.5.26')],
      packages: packages(vue),
      verificationOf,
      fromLockfile: true,
    });
    const sorted = [...review.rows].sort(byWeakness);
    expect(sorted[0]).toMatchObject({ key: 'vue@3.5.26', weakness: 0, trust: 'none', verification: 'failed', failedStep: { code: 'TLOG_BODY_ERROR' } });
    expect(review.summary).toMatchObject({ total: 2, verified: 1, byVerification: { verified: 1, failed: 1 }, weakest: ['vue@3.5.26'] });
  });

  it('pending, unreadable and missing versions each say so; the summary adds up', () => {
    const review = buildReview({
      entries: [lockEntry('vue', '9.9.9'), lockEntry('gone', '1.0.0'), lockEntry('later', '1.0.0'), lockEntry('is-odd', '3.0.1')],
      packages: new Map<string, PackageState>([
        ['vue', { status: 'loaded', record: vue }],
        ['gone', { status: 'error', code: 'NOT_FOUND', message: 'The registry has no package named "gone".' }],
        ['later', { status: 'pending' }],
        ['is-odd', { status: 'loaded', record: isOdd }],
      ]),
      verificationOf: () => undefined,
      fromLockfile: true,
      nonRegistry: [],
      unresolvedCount: 2,
    });
    const [missing, gone, later, odd] = review.rows;
    expect(missing).toMatchObject({ status: 'error', error: { code: 'VERSION_NOT_FOUND' }, verification: 'unavailable' });
    expect(gone).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' }, verification: 'unavailable' });
    expect(later).toMatchObject({ status: 'pending', verification: 'pending', trustPending: true });
    // is-odd claims no attestations: its level is settled even before verification.
    expect(odd).toMatchObject({ status: 'ready', trust: 'none', verification: 'pending' });
    const { summary } = review;
    expect(summary.total).toBe(4);
    expect(Object.values(summary.byTrust).reduce((a, b) => a + b)).toBe(4);
    expect(Object.values(summary.byVerification).reduce((a, b) => a + b)).toBe(4);
    expect(summary).toMatchObject({ settled: 2, errors: 2, unresolved: 2 });
    expect(buildReviewExport({ review, source: { kind: 'spec', spec: 'x', root: 'x@1.0.0' }, registry: 'r', appVersion: '0', checkedAt: 't' }).complete).toBe(false);
  });

  it('derived: an analysis cache is reused until the package stamp changes', () => {
    let stamp = 0;
    let settled = false;
    const cache = { stampOf: () => stamp, entries: new Map(), rows: new Map() };
    const base = derivedLookup(vue);
    const input = {
      entries: [lockEntry('vue', '3.5.27')],
      packages: packages(vue),
      verificationOf: (_name: string, version: string) => (settled ? base(version) : undefined),
      fromLockfile: false,
      analysisCache: cache,
    };
    expect(buildReview(input).rows[0]?.verification).toBe('pending');
    settled = true;
    // Same stamp: the kept analysis answers (nothing was announced).
    expect(buildReview(input).rows[0]?.verification).toBe('pending');
    stamp = 1;
    expect(buildReview(input).rows[0]?.verification).toBe('verified');
  });

  it('continuityVersions: the previous version of the line that claims provenance', () => {
    expect(continuityVersions(vue, '3.5.27')).toEqual(['3.5.26']);
    expect(continuityVersions(vue, '3.6.0-beta.5')).toEqual(['3.6.0-beta.4']);
    expect(continuityVersions(vue, '2.7.16')).toEqual([]);
    expect(continuityVersions(vue, '0.0.1')).toEqual([]);
  });
});

describe('review exports', () => {
  it('derived: CSV with one line per row, non-registry and unresolved entries, formula-safe', () => {
    const pkg = vueWithWeakRelease();
    const weak = pkg.versions.find((v) => v.version === '3.5.28');
    if (weak) weak.publisher = { name: '=HYPERLINK("http://evil")' };
    const review = buildReview({ entries: [lockEntry('vue', '3.5.28')], packages: packages(pkg), verificationOf: lookupFor(pkg), fromLockfile: true });
    const csv = reviewCsv(review, {
      nonRegistry: [{ name: 'my-git', source: 'github:a/b', key: 'my-git@github:a/b', kind: 'git', reason: 'From git.', direct: true, parents: [], path: ['my-git@github:a/b'] }],
      unresolved: [{ name: 'gone', range: '^1', requiredBy: 'x@1', optional: false, path: ['x@1', 'gone@^1'], code: 'NOT_FOUND', message: 'No such package.' }],
    });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(REVIEW_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]?.startsWith('vue,3.5.28,registry,')).toBe(true);
    expect(lines[2]?.startsWith('my-git,,git,')).toBe(true);
    expect(lines[3]).toContain('gone,^1,unresolved');
  });

  it('derived: JSON export holds the summary and every row, complete when all settled', () => {
    const review = buildReview({ entries: [lockEntry('vue', '3.5.27')], packages: packages(vue), verificationOf: lookupFor(vue), fromLockfile: false });
    const doc = buildReviewExport({ review, source: { kind: 'spec', spec: 'vue@3.5.27', root: 'vue@3.5.27' }, registry: 'https://registry.example', appVersion: '0.1.0', checkedAt: '2026-01-01T00:00:00Z' });
    expect(doc).toMatchObject({ formatVersion: 1, complete: true, summary: { total: 1, verified: 1 }, rows: [{ key: 'vue@3.5.27' }] });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
