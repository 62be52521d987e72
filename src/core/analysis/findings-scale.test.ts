// The analysis on a DERIVED 3,000-version history: every version is a copy of the
// recorded vue 3.5.27 record (derivedVersion) with a new number, publish time and, for
// some, install scripts; its verification is derived (derived-verification.ts) with a
// Rekor time, run and commit set in code. It checks that every rule runs to completion
// on a history that size and triggers each kind; how long it takes is measured outside
// the tests (no timing assertion here).
import { describe, expect, it } from 'vitest';
import type { Finding, PackageRecord, VersionRecord, VersionVerification } from '../model';
import { derivedVersion, loadPackument } from '../../../test/support/derived-record';
import { verifiedVerification } from '../../../test/support/derived-verification';
import { analyzePackage } from './analyze-package';

const base = loadPackument('vue').versions.find((v) => v.version === '3.5.27')!;
const START = Date.parse('2020-01-01T00:00:00.000Z');
const MINUTE = 60_000;

/** DERIVED: 3,000 versions an hour apart (some in bursts), with scripts, removals and varied builds. */
function derivedHistory(count: number): { pkg: PackageRecord; lookup: (v: string) => VersionVerification | undefined } {
  const records: VersionRecord[] = [];
  const verifications = new Map<string, VersionVerification>();
  for (let i = 0; i < count; i++) {
    const major = 1 + Math.floor(i / 300);
    const minor = Math.floor(i / 30) % 10;
    const patch = i % 30;
    const version = i % 40 === 39 ? `${major}.${minor}.${patch}-rc.${i}` : `${major}.${minor}.${patch}`;
    // Every 100th version starts a burst: it and the next two two minutes apart.
    const at = START + i * 60 * MINUTE - (i % 100 === 1 ? 58 * MINUTE : i % 100 === 2 ? 116 * MINUTE : 0);
    const installScripts: VersionRecord['installScripts'] =
      i % 500 === 250
        ? { postinstall: `node setup-${i}.js` }
        : i % 500 > 250 && i % 500 < 260
          ? { postinstall: 'node setup.js' }
          : {};
    const record = derivedVersion(base, {
      version,
      distTags: [],
      publishedAt: new Date(at).toISOString(),
      installScripts,
      dist: { ...base.dist, integrity: `sha512-derived-${i}` },
    });
    records.push(record);
    const logged = Math.floor(at / 1000) - (i % 200 === 7 ? 7200 : 5);
    const verification = verifiedVerification(record, {
      identity: {
        sourceRepositoryRef: i % 150 === 75 ? 'refs/heads/main' : `refs/tags/v${version}`,
        sourceRepositoryDigest: (i % 50 === 1 ? i - 1 : i).toString(16).padStart(40, '0'),
        runInvocationUri: `https://github.com/vuejs/core/actions/runs/${i}/attempts/${i % 97 === 3 ? 2 : 1}`,
      },
    });
    verification.provenanceLog = { logIndex: String(100_000 + i), integratedTime: String(logged) };
    verifications.set(version, verification);
  }
  const removedVersions = Array.from({ length: count / 10 }, (_, k) => ({
    version: `0.0.${k}`,
    publishedAt: new Date(START + (k * 10 + 5) * 60 * MINUTE + 30 * MINUTE).toISOString(),
  })).reverse();
  const versions = records.sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  return {
    pkg: { name: 'vue', distTags: { latest: versions[0]!.version }, versions, removedVersions },
    lookup: (v) => verifications.get(v),
  };
}

// Two analyses of 3,000 versions each: about a second each on an idle machine, several
// on a shared one. A budget, not a measure (speed is the benchmark's): past Vitest's 5 s.
const SCALE_TEST_TIMEOUT_MS = 60_000;

describe('a derived 3,000-version history', { timeout: SCALE_TEST_TIMEOUT_MS }, () => {
  it('derived: every rule runs to completion and each new kind is found', () => {
    const { pkg, lookup } = derivedHistory(3000);
    const analysis = analyzePackage(pkg, lookup);
    expect(analysis.versions).toHaveLength(3000);
    const kinds = new Map<Finding['kind'], number>();
    for (const f of analysis.findings) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
    for (const kind of [
      'install-scripts-added',
      'version-removed',
      'publish-burst',
      'unusual-trigger',
      'log-time-gap',
      'content-mismatch',
    ] as const) {
      expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
    expect(kinds.get('version-removed')).toBe(300);
    expect(kinds.get('log-time-gap')).toBe(15);
    // Sorted most severe first; every index points at a finding naming its version.
    const rank = { high: 0, medium: 1, low: 2, info: 3 };
    const ranks = analysis.findings.map((f) => rank[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const view of analysis.versions) {
      for (const i of view.findingIndexes) expect(analysis.findings[i]?.versions).toContain(view.record.version);
    }
  });

  it('derived: the worst case for grouping — 3,000 versions of one line in 50 minutes, one commit, one run — is one finding each', () => {
    const records: VersionRecord[] = [];
    const verifications = new Map<string, VersionVerification>();
    for (let i = 0; i < 3000; i++) {
      const record = derivedVersion(base, {
        version: `3.5.${1000 + i}`,
        distTags: [],
        publishedAt: new Date(START + i * 1000).toISOString(),
        dist: { ...base.dist, integrity: `sha512-derived-${i}` },
      });
      records.push(record);
      verifications.set(
        record.version,
        verifiedVerification(record, {
          identity: {
            sourceRepositoryDigest: 'c'.repeat(40),
            runInvocationUri: 'https://github.com/vuejs/core/actions/runs/1/attempts/1',
          },
        }),
      );
    }
    records.reverse();
    const pkg: PackageRecord = { name: 'vue', distTags: {}, versions: records, removedVersions: [] };
    const analysis = analyzePackage(pkg, (v) => verifications.get(v));
    const burst = analysis.findings.filter((f) => f.kind === 'publish-burst');
    expect(burst).toHaveLength(1);
    expect(burst[0]?.versions).toHaveLength(3000);
    expect(burst[0]?.message.length).toBeLessThan(1000);
    const content = analysis.findings.filter((f) => f.kind === 'content-mismatch');
    expect(content.map((f) => [f.severity, f.versions.length])).toEqual([['info', 3000]]);
  });
});
