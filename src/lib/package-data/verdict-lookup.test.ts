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
  type VerdictBackend,
  type VerdictCache,
} from '../../core/verify/verdict-cache';
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

  it('reads the versions asked for in one task together, in transactions of at most 200', async () => {
    const backend = memoryVerdictBackend();
    const calls: number[] = [];
    const counting: VerdictBackend = {
      ...backend,
      getMany: (ids) => {
        calls.push(ids.length);
        return backend.getMany(ids);
      },
    };
    const lookup = createVerdictLookup({ cache: createVerdictCache(counting), context });
    const results = await Promise.all(
      Array.from({ length: 250 }, (_, i) => lookup.find(BASE, keys, record(`1.0.${i}`))),
    );
    expect(results.every((r) => r === undefined)).toBe(true);
    expect(calls).toEqual([200, 50]);
  });

  it('a failing or hanging store is a miss, never an error', async () => {
    const failing: VerdictCache = {
      getMany: () => Promise.reject(new DOMException('blocked', 'UnknownError')),
      put: () => Promise.reject(new Error('no')),
      clear: () => Promise.reject(new Error('no')),
    };
    const lookup = createVerdictLookup({ cache: failing, context });
    await expect(lookup.find(BASE, keys, record('1.0.0'))).resolves.toBeUndefined();
    await expect(lookup.clear()).resolves.toBe(0);

    const hanging: VerdictCache = { ...failing, getMany: () => new Promise(() => undefined) };
    const slow = createVerdictLookup({ cache: hanging, context, timeoutMs: 10 });
    await expect(slow.find(BASE, keys, record('1.0.0'))).resolves.toBeUndefined();

    const none = createVerdictLookup({ cache: undefined, context });
    await expect(none.find(BASE, keys, record('1.0.0'))).resolves.toBeUndefined();
  });
});
