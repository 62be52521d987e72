// The verdicts kept between visits, end to end without a browser: the verifier service
// (what each worker runs) writes a verdict, the main thread's lookup reads it back, and a
// change of trusted root, registry, proxy or npm keys finds nothing. Memory stands in for
// IndexedDB (the e2e spec revisit.spec.ts covers the real one).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VersionRecord } from '../../core/model';
import type { RegistryKey } from '../../core/registry/npm-keys';
import { createVerifierService } from '../../core/services/verifier-service';
import {
  createVerdictCache,
  digestOf,
  memoryVerdictBackend,
  verdictKey,
  verdictScope,
  type VerdictBackend,
  type VerdictCache,
} from '../../core/verify/verdict-cache';
import { absentVerification } from '../../../test/support/derived-verification';
import { generatedRegistryKey, generatedTrustedRoot } from '../../../test/support/generated-bundle';
import { createVerdictLookup, type VerdictContext } from './verdict-lookup';

const BASE = 'http://registry.test';
const VERIFIER = 'build-1';

function record(version: string, claimsAttestations = false): VersionRecord {
  return {
    name: 'demo',
    version,
    distTags: [],
    dist: {
      integrity: `sha512-${version}`,
      signatures: [],
      ...(claimsAttestations ? { attestations: { url: `${BASE}/-/npm/v1/attestations/demo@${version}` } } : {}),
    },
    installScripts: {},
    dependencies: {},
  };
}

/** A verifier service (GENERATED trusted root) writing into `cache`, configured with `keys`. */
async function service(cache: VerdictCache, keys: RegistryKey[]) {
  const root = generatedTrustedRoot();
  const verifier = createVerifierService(root, {
    verdicts: { cache, verifier: VERIFIER, bundledTrustedRootDigest: await digestOf(root) },
  });
  verifier.configure(keys);
  return { verifier, rootDigest: await digestOf(root) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('verdicts written by the verifier service, read by the lookup (GENERATED root)', () => {
  it('finds what the worker stored, and only under the same root, registry, proxy and keys', async () => {
    const backend = memoryVerdictBackend();
    const cache = createVerdictCache(backend);
    const keys = [generatedRegistryKey()];
    const { verifier, rootDigest } = await service(cache, keys);
    const r = record('1.0.0');
    const outcome = await verifier.verify('job-1', BASE, r);
    expect(outcome.ok).toBe(true);
    const result = outcome.ok ? outcome.value : undefined;
    expect(result?.status).toBe('absent');
    expect(await backend.count()).toBe(1);

    const lookup = (context: Partial<VerdictContext>) =>
      createVerdictLookup({
        cache,
        context: async () => ({ trustedRootDigest: rootDigest, verifier: VERIFIER, ...context }),
      });
    expect(await lookup({}).find(BASE, keys, r)).toEqual(result);
    // Another trusted root, another registry, a proxy, other keys, another build: verified again.
    expect(await lookup({ trustedRootDigest: await digestOf({ other: 'root' }) }).find(BASE, keys, r)).toBeUndefined();
    expect(await lookup({}).find('http://other-registry.test', keys, r)).toBeUndefined();
    expect(await lookup({ attestationProxy: 'http://proxy.test' }).find(BASE, keys, r)).toBeUndefined();
    expect(await lookup({}).find(BASE, [generatedRegistryKey({ keyId: 'SHA256:other' })], r)).toBeUndefined();
    expect(await lookup({ verifier: 'build-2' }).find(BASE, keys, r)).toBeUndefined();
    // Another integrity for the same version.
    const retarred = { ...r, dist: { ...r.dist, integrity: 'sha512-other' } };
    expect(await lookup({}).find(BASE, keys, retarred)).toBeUndefined();
  });

  it('stores under the root the worker was given, not the one it was built with', async () => {
    const cache = createVerdictCache(memoryVerdictBackend());
    const keys = [generatedRegistryKey()];
    const { verifier, rootDigest } = await service(cache, keys);
    const otherRoot = { ...(generatedTrustedRoot() as Record<string, unknown>), note: 'rotated' };
    verifier.useTrustedRoot(otherRoot);
    const r = record('1.0.0');
    await verifier.verify('job-1', BASE, r);
    const find = (trustedRootDigest: string) =>
      createVerdictLookup({ cache, context: async () => ({ trustedRootDigest, verifier: VERIFIER }) }).find(
        BASE,
        keys,
        r,
      );
    expect(await find(rootDigest)).toBeUndefined();
    expect((await find(await digestOf(otherRoot)))?.status).toBe('absent');
  });

  it('never stores a verdict whose attestations could not be fetched', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const backend = memoryVerdictBackend();
    const { verifier } = await service(createVerdictCache(backend), [generatedRegistryKey()]);
    const outcome = await verifier.verify('job-1', BASE, record('1.0.0', true));
    expect(outcome.ok && outcome.value.status).toBe('unavailable');
    expect(await backend.count()).toBe(0);
  });
});

describe('createVerdictLookup', () => {
  const keys = [generatedRegistryKey()];
  const context = async (): Promise<VerdictContext> => ({ trustedRootDigest: 'root', verifier: VERIFIER });

  /** A backend that counts its reads: by scope (a whole package) and by key. */
  function counting(backend: VerdictBackend) {
    const calls = { scopes: [] as string[], keys: 0 };
    const wrapped: VerdictBackend = {
      ...backend,
      getScope: (scope) => {
        calls.scopes.push(scope);
        return backend.getScope(scope);
      },
      getMany: (ids) => {
        calls.keys += ids.length;
        return backend.getMany(ids);
      },
    };
    return { calls, backend: wrapped };
  }

  /** Verdicts for `versions` stored as the verifier workers store them (under `rootDigest`). */
  async function stored(cache: VerdictCache, versions: string[], rootDigest: string) {
    const keysDigest = await digestOf(keys);
    for (const version of versions) {
      const r = record(version);
      const key = await verdictKey({
        base: BASE,
        record: r,
        trustedRootDigest: rootDigest,
        npmKeysDigest: keysDigest,
        verifier: VERIFIER,
      });
      await cache.put(key, absentVerification(r), verdictScope({ base: BASE, name: r.name }));
    }
  }

  it("reads a package's stored verdicts in one request, prefetched before the versions are asked for", async () => {
    const { calls, backend } = counting(memoryVerdictBackend());
    const cache = createVerdictCache(backend);
    const versions = Array.from({ length: 250 }, (_, i) => `1.0.${i}`);
    await stored(cache, versions.slice(0, 200), 'root');
    const lookup = createVerdictLookup({ cache, context });
    lookup.prefetch(BASE, undefined, 'demo');
    const results = await Promise.all(versions.map((v) => lookup.find(BASE, keys, record(v))));
    expect(results.map((r) => r?.version)).toEqual([
      ...versions.slice(0, 200),
      ...versions.slice(200).map(() => undefined),
    ]);
    expect(results.slice(0, 200).every((r) => r?.status === 'absent')).toBe(true);
    // One read of the package (the prefetch), none per version.
    expect(calls.scopes).toEqual([verdictScope({ base: BASE, name: 'demo' })]);
    expect(calls.keys).toBe(0);
    // Versions asked for later (the jobs start in slices) use the same read.
    expect((await lookup.find(BASE, keys, record('1.0.3')))?.version).toBe('1.0.3');
    expect(calls.scopes).toHaveLength(1);
  });

  it("findMany answers a package's versions in order from one read, and only the ones stored under the current key", async () => {
    const { calls, backend } = counting(memoryVerdictBackend());
    const cache = createVerdictCache(backend);
    const versions = Array.from({ length: 300 }, (_, i) => `2.0.${i}`);
    // Every third version stored; one more under another root (a miss now).
    await stored(
      cache,
      versions.filter((_, i) => i % 3 === 0),
      'root',
    );
    await stored(cache, ['2.0.1'], 'another-root');
    const lookup = createVerdictLookup({ cache, context });
    const records = versions.map((v) => record(v));
    const results = await lookup.findMany(BASE, keys, records);
    expect(results).toHaveLength(records.length);
    expect(results.map((r) => r?.version)).toEqual(versions.map((v, i) => (i % 3 === 0 ? v : undefined)));
    expect(calls.scopes).toEqual([verdictScope({ base: BASE, name: 'demo' })]);
    // Another integrity for a stored version: a miss.
    const retarred = { ...records[0]!, dist: { ...records[0]!.dist, integrity: 'sha512-other' } };
    expect(await lookup.findMany(BASE, keys, [retarred, records[3]!])).toEqual([undefined, results[3]]);
    // Nothing stored for the package: every version a miss, nothing keyed.
    const empty = createVerdictLookup({ cache: createVerdictCache(memoryVerdictBackend()), context });
    const none = await empty.findMany(BASE, keys, records.slice(0, 5));
    expect(records.slice(0, 5).map((_, i) => none[i])).toEqual(Array.from({ length: 5 }, () => undefined));
  });

  it('a verdict prefetched for the package is never shown under another trusted root, keys or build', async () => {
    const cache = createVerdictCache(memoryVerdictBackend());
    await stored(cache, ['1.0.0', '1.0.1'], 'root-before');
    let current: VerdictContext = { trustedRootDigest: 'root-before', verifier: VERIFIER };
    const lookup = createVerdictLookup({ cache, context: async () => current });
    lookup.prefetch(BASE, undefined, 'demo');
    expect((await lookup.find(BASE, keys, record('1.0.0')))?.status).toBe('absent');
    // The TUF repository now serves another root: the same prefetched verdicts are not reused.
    current = { trustedRootDigest: 'root-after', verifier: VERIFIER };
    expect(await lookup.find(BASE, keys, record('1.0.1'))).toBeUndefined();
    expect(await lookup.find(BASE, keys, record('1.0.0'))).toBeUndefined();
    // Nor with other npm keys, another build or through a proxy.
    current = { trustedRootDigest: 'root-before', verifier: VERIFIER };
    expect(await lookup.find(BASE, [generatedRegistryKey({ keyId: 'SHA256:other' })], record('1.0.1'))).toBeUndefined();
    expect(await lookup.find(BASE, keys, { ...record('1.0.1'), name: 'other' })).toBeUndefined();
    current = { trustedRootDigest: 'root-before', verifier: 'build-2' };
    expect(await lookup.find(BASE, keys, record('1.0.1'))).toBeUndefined();
    current = { trustedRootDigest: 'root-before', verifier: VERIFIER, attestationProxy: 'http://proxy.test' };
    expect(await lookup.find(BASE, keys, record('1.0.1'))).toBeUndefined();
    // Back to the root they were stored under: found.
    current = { trustedRootDigest: 'root-before', verifier: VERIFIER };
    expect((await lookup.find(BASE, keys, record('1.0.1')))?.status).toBe('absent');
  });

  it('a verdict stored before the read of its package is found; clearing forgets the read', async () => {
    const cache = createVerdictCache(memoryVerdictBackend());
    const lookup = createVerdictLookup({ cache, context });
    expect(await lookup.find(BASE, keys, record('1.0.0'))).toBeUndefined();
    await stored(cache, ['1.0.0'], 'root');
    // The package's read of a moment ago is kept: still a miss (verified again, never wrong).
    expect(await lookup.find(BASE, keys, record('1.0.0'))).toBeUndefined();
    expect(await lookup.clear()).toBe(1);
    await stored(cache, ['1.0.0'], 'root');
    expect((await lookup.find(BASE, keys, record('1.0.0')))?.status).toBe('absent');
  });

  it('hasStored: whether a package has any verdict kept, whatever its key, without waiting for the trusted root', async () => {
    const { calls, backend } = counting(memoryVerdictBackend());
    const cache = createVerdictCache(backend);
    await stored(cache, ['1.0.0'], 'a-root-no-longer-in-use');
    // The trusted root is never resolved here: a context that never answers.
    const lookup = createVerdictLookup({ cache, context: () => new Promise(() => undefined) });
    expect(await lookup.hasStored(BASE, undefined, 'demo')).toBe(true);
    expect(await lookup.hasStored(BASE, undefined, 'other')).toBe(false);
    expect(await lookup.hasStored('http://other-registry.test', undefined, 'demo')).toBe(false);
    expect(await lookup.hasStored(BASE, 'http://proxy.test', 'demo')).toBe(false);
    // The same read as the prefetch's: one per package.
    lookup.prefetch(BASE, undefined, 'demo');
    expect(await lookup.hasStored(BASE, undefined, 'demo')).toBe(true);
    expect(calls.scopes.filter((scope) => scope === verdictScope({ base: BASE, name: 'demo' }))).toHaveLength(1);
    expect(calls.keys).toBe(0);
  });

  it('a failing or hanging store is a miss, never an error', async () => {
    const failing: VerdictCache = {
      getMany: () => Promise.reject(new DOMException('blocked', 'UnknownError')),
      readScope: () => Promise.reject(new DOMException('blocked', 'UnknownError')),
      markUsed: () => undefined,
      put: () => Promise.reject(new Error('no')),
      clear: () => Promise.reject(new Error('no')),
    };
    const lookup = createVerdictLookup({ cache: failing, context });
    await expect(lookup.find(BASE, keys, record('1.0.0'))).resolves.toBeUndefined();
    await expect(lookup.clear()).resolves.toBe(0);

    const hanging: VerdictCache = { ...failing, readScope: () => new Promise(() => undefined) };
    const slow = createVerdictLookup({ cache: hanging, context, timeoutMs: 10 });
    await expect(slow.find(BASE, keys, record('1.0.0'))).resolves.toBeUndefined();

    const none = createVerdictLookup({ cache: undefined, context });
    await expect(none.find(BASE, keys, record('1.0.0'))).resolves.toBeUndefined();

    // Whether anything is kept: false, never an error, when nothing can be read in time.
    await expect(lookup.hasStored(BASE, undefined, 'demo')).resolves.toBe(false);
    await expect(slow.hasStored(BASE, undefined, 'demo')).resolves.toBe(false);
    await expect(none.hasStored(BASE, undefined, 'demo')).resolves.toBe(false);
  });
});
