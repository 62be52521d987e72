// The derived dependency-review fixtures, checked end to end with the app's own core:
// every lockfile format the registry serves parses into the tree, the spec resolves to
// the same tree, and the review of each entry (real verification of the recorded
// attestations, continuity findings, integrity) says what the case promises.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageRecord, VersionVerification } from '../../../src/core/model';
import { parseTufRegistryKeys } from '../../../src/core/registry/npm-keys';
import { fetchPackage } from '../../../src/core/registry/npm-registry';
import { buildReview, continuityVersions, parseLockfile, registryPackuments, resolveSpec, type PackageState, type ParsedLockfile } from '../../../src/core/review';
import { createVerifierService, type VerifierService } from '../../../src/core/services/verifier-service';
import { loadRecordedFixtures } from '../fixtures';
import { startFixtureRegistry, type StartedRegistry } from '../registry-app';
import { LOCKFILE_NAMES } from './lockfile-writers';
import { LOCKFILES_PATH, reviewFixtures } from './review-catalog';
import { REVIEW_APP, REVIEW_BROKEN, type ReviewTree } from './review-tree';

let registry: StartedRegistry;
let service: VerifierService;
let tree: ReviewTree;

beforeAll(async () => {
  registry = await startFixtureRegistry({ port: 0, log: () => undefined });
  const fixtures = loadRecordedFixtures();
  const trustedRoot: unknown = JSON.parse(readFileSync(path.join(fixtures.dir, 'sigstore/trusted-roots/public-good.json'), 'utf8'));
  service = createVerifierService(trustedRoot);
  service.configure(parseTufRegistryKeys(JSON.parse(readFileSync(path.join(fixtures.dir, 'registry/keys/registry-keys.tuf-target.json'), 'utf8'))));
  // The same tree the server built (same inputs, same result).
  const { buildRegistries } = await import('../registries');
  tree = reviewFixtures(buildRegistries(fixtures)).tree;
}, 120_000);

afterAll(async () => {
  await registry?.close();
});

async function lockfile(base: string, file: string): Promise<string> {
  const response = await fetch(`${base}${LOCKFILES_PATH}${file}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The review the screen would build: full packuments, verification of each entry and of its continuity versions. */
async function review(base: string, parsed: Pick<ParsedLockfile, 'entries' | 'nonRegistry'>, fromLockfile: boolean) {
  const names = [...new Set(parsed.entries.map((e) => e.name))];
  const packages = new Map<string, PackageState>();
  await Promise.all(
    names.map(async (name) => {
      try {
        packages.set(name, { status: 'loaded', record: await fetchPackage(base, name) });
      } catch (error) {
        packages.set(name, { status: 'error', code: 'NOT_FOUND', message: String(error) });
      }
    }),
  );
  const verifications = new Map<string, VersionVerification>();
  const toVerify: [PackageRecord, string][] = [];
  for (const entry of parsed.entries) {
    const state = packages.get(entry.name);
    if (state?.status !== 'loaded') continue;
    for (const version of [entry.version, ...continuityVersions(state.record, entry.version)]) toVerify.push([state.record, version]);
  }
  await Promise.all(
    toVerify.map(async ([record, version]) => {
      const versionRecord = record.versions.find((v) => v.version === version);
      if (!versionRecord) return;
      const outcome = await service.verify(`${record.name}@${version}`, base, versionRecord);
      if (!outcome.ok) throw new Error(`verify ${record.name}@${version}: ${outcome.error.message}`);
      verifications.set(`${record.name}@${version}`, outcome.value);
    }),
  );
  return buildReview({
    entries: parsed.entries,
    packages,
    verificationOf: (name, version) => verifications.get(`${name}@${version}`),
    nonRegistry: parsed.nonRegistry,
    fromLockfile,
  });
}

// Each case fetches hundreds of documents and verifies real bundles: generous limits,
// since the machine running the suite may be busy (these are limits, not assertions).
const SLOW = { timeout: 120_000 };

describe('derived dependency-review fixtures', () => {
  it.each(Object.entries(LOCKFILE_NAMES))('derived: the %s lockfile holds the whole tree', SLOW, async (format, file) => {
    const parsed = parseLockfile(await lockfile(registry.url, file));
    expect(parsed.format).toBe(format);
    expect(parsed.entries.map((e) => e.key).sort()).toEqual([...tree.nodes.keys()].sort());
    expect(parsed.nonRegistry.map((e) => `${e.kind}:${e.name}`).sort()).toEqual([
      'file:derived-review-local',
      'git:derived-review-git',
      'tarball:derived-review-tarball',
    ]);
    expect(parsed.entries.find((e) => e.aliases)?.aliases).toEqual(['derived-review-alias']);
    // Tarball URLs point at the registry that served the lockfile.
    const resolved = parsed.entries.map((e) => e.resolved).filter(Boolean);
    for (const url of resolved) expect(url?.startsWith(registry.url)).toBe(true);
    expect(parsed.warnings.filter((w) => !w.includes("does not record the project's own dependencies"))).toEqual([]);
  });

  it('derived: the review of the npm lockfile says what each case promises (real verification of the recorded attestations)', SLOW, async () => {
    const parsed = parseLockfile(await lockfile(registry.url, LOCKFILE_NAMES['npm-v3']));
    const { rows, summary } = await review(registry.url, parsed, true);
    for (const row of rows) {
      const expected = tree.expectations.get(row.key);
      expect({ key: row.key, trust: row.trust, verification: row.verification, integrity: row.integrity.status }).toEqual({
        key: row.key,
        trust: expected?.trust,
        verification: expected?.verification,
        integrity: expected?.integrity,
      });
      for (const kind of expected?.findings ?? []) expect(row.findings.map((f) => f.kind)).toContain(kind);
    }
    expect(summary.total).toBe(tree.nodes.size);
    expect(summary.verified).toBe(2);
    expect(summary.integrity.mismatch).toBe(1);
    expect(summary.weakest.slice(0, 2)).toEqual(['derived-review-tampered@1.0.0', 'derived-review-mismatch@1.0.0']);
  });

  it('derived: yarn Berry records no comparable integrity, so every row is unknown there', SLOW, async () => {
    const parsed = parseLockfile(await lockfile(registry.url, LOCKFILE_NAMES['yarn-berry']));
    const subset = { entries: parsed.entries.filter((e) => e.name.startsWith('derived-review-mismatch') || e.name === 'tuf-js'), nonRegistry: [] };
    const { rows } = await review(registry.url, subset, true);
    expect(rows.map((r) => r.integrity.status)).toEqual(['unknown', 'unknown']);
  });

  it('derived: on the tampered mirror the same lockfile shows the altered packages failing', SLOW, async () => {
    const base = `${registry.url}/tampered`;
    const parsed = parseLockfile(await lockfile(base, LOCKFILE_NAMES['pnpm-v9']));
    const subset = { entries: parsed.entries.filter((e) => ['tuf-js', '@playwright/cli', 'derived-review-pkg-0000'].includes(e.name)), nonRegistry: [] };
    const { rows } = await review(base, subset, true);
    expect(Object.fromEntries(rows.map((r) => [r.key, r.verification]))).toEqual({
      'tuf-js@1.0.0': 'failed',
      '@playwright/cli@0.1.1': 'failed',
      'derived-review-pkg-0000@1.1.0': 'absent',
    });
  });

  it('derived: the spec derived-review-app resolves to the same tree, plus itself and its non-registry dependencies', SLOW, async () => {
    const resolved = await resolveSpec(REVIEW_APP, { fetchPackument: registryPackuments(registry.url) });
    expect(resolved.entries.map((e) => e.key).sort()).toEqual([...tree.nodes.keys(), `${REVIEW_APP}@1.0.0`].filter((k) => k !== 'lodash.merge@4.6.2').sort());
    expect(resolved.nonRegistry.map((e) => e.kind).sort()).toEqual(['git', 'tarball']);
    expect(resolved.peers).toEqual([{ name: 'react', range: '>=18', requiredBy: `${REVIEW_APP}@1.0.0`, optional: false }]);
    expect(resolved.unresolved).toEqual([]);
  });

  it('derived: a spec with a dependency that 404s midway resolves the rest', SLOW, async () => {
    const resolved = await resolveSpec(REVIEW_BROKEN, { fetchPackument: registryPackuments(registry.url) });
    expect(resolved.unresolved.map((u) => `${u.code}:${u.name}`)).toEqual(['NOT_FOUND:derived-review-missing']);
    expect(resolved.entries.length).toBeGreaterThan(1);
  });
});
