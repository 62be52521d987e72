// The main thread's side of the verdicts kept between visits (src/core/verify/verdict-cache.ts):
// asked by the verification store before any verification starts, so that a revisit
// fetches no attestation. The verifier workers write the verdicts; this only reads them,
// and clears them when asked to.
//
// A package's stored verdicts are read in one request by its scope (registry, proxy,
// name), started at navigation (`prefetch`, from app/preload-route.ts) in parallel with
// the packument. They are only candidates: a version gets one only if its full key, computed
// once the trusted root and npm's keys in use are known, is the one it is stored under, so a
// new root, new keys or a new build verifies again. Lookups are gathered (per task, and while
// the trusted root is being resolved) and answered together. Anything that goes wrong (no
// IndexedDB, a blocked database, a record that is not a verdict) is a miss: the version
// is verified as if nothing had been stored.
import { trustedRootDigest as bundledTrustedRootDigest, verifierBuild } from 'virtual:sigstore-seeds';
import type { VersionRecord, VersionVerification } from '../../core/model';
import type { RegistryKey } from '../../core/registry/npm-keys';
import {
  createVerdictCache,
  digestOf,
  indexedDbVerdictBackend,
  verdictKey,
  verdictScope,
  type VerdictCache,
} from '../../core/verify/verdict-cache';
import { currentNetSettings } from '../net-settings';
import { trustedRootState } from '../trust-client';

/** What a key needs besides the version: the same values the verifier workers use. */
export interface VerdictContext {
  /** `digestOf` the trusted root the pool gives the workers (the bundled root's when none). */
  trustedRootDigest: string;
  attestationProxy?: string;
  verifier: string;
}

export interface VerdictLookupOptions {
  /** undefined: nothing is stored between visits (no IndexedDB). */
  cache: VerdictCache | undefined;
  context: () => Promise<VerdictContext>;
  /** A lookup that takes longer is a miss (a database that hangs must not hold verification). */
  timeoutMs?: number;
}

export interface VerdictLookup {
  /** The stored verdict for this version with these keys, or undefined. Never rejects. */
  find(base: string, keys: RegistryKey[], record: VersionRecord): Promise<VersionVerification | undefined>;
  /** Starts reading a package's stored verdicts now (at navigation): the next lookups of its versions use them. */
  prefetch(base: string, attestationProxy: string | undefined, name: string): void;
  /** Forgets every stored verdict; answers how many there were. */
  clear(): Promise<number>;
}

const LOOKUP_TIMEOUT_MS = 3000;
/** A package's verdicts read are kept this long after their last use (its versions are asked for in several tasks). */
const SCOPE_KEEP_MS = 10_000;

interface Pending {
  base: string;
  keys: RegistryKey[];
  record: VersionRecord;
  resolve: (result: VersionVerification | undefined) => void;
}

type ScopeRead = Promise<Map<string, VersionVerification>>;

export function createVerdictLookup(options: VerdictLookupOptions): VerdictLookup {
  const { cache } = options;
  const timeoutMs = options.timeoutMs ?? LOOKUP_TIMEOUT_MS;
  const pending: Pending[] = [];
  let scheduled = false;
  const keyDigests = new WeakMap<RegistryKey[], Promise<string>>();
  const digestKeys = (keys: RegistryKey[]) => {
    let digest = keyDigests.get(keys);
    if (!digest) {
      digest = digestOf(keys);
      keyDigests.set(keys, digest);
    }
    return digest;
  };
  const scopes = new Map<string, { read: ScopeRead; timer: ReturnType<typeof setTimeout> }>();
  const readScope = (scope: string, name: string): ScopeRead => {
    const known = scopes.get(scope);
    if (known) clearTimeout(known.timer);
    const read =
      known?.read ?? (cache as VerdictCache).readScope(scope, name).catch(() => new Map<string, VersionVerification>());
    scopes.set(scope, { read, timer: setTimeout(() => scopes.delete(scope), SCOPE_KEEP_MS) });
    return read;
  };

  async function read(batch: Pending[], context: VerdictContext): Promise<(VersionVerification | undefined)[]> {
    if (!cache) return batch.map(() => undefined);
    // One read per scope of the batch (a package's thousands of versions share one): a
    // scope's key and its keep-alive timer per version cost the main thread hundreds of ms.
    const reads = new Map<string, ScopeRead>();
    const found = await Promise.all(
      batch.map(({ base, record }) => {
        const id = `${base}\n${record.name}`;
        let scopeRead = reads.get(id);
        if (!scopeRead) {
          scopeRead = readScope(
            verdictScope({ base, attestationProxy: context.attestationProxy, name: record.name }),
            record.name,
          );
          reads.set(id, scopeRead);
        }
        return scopeRead;
      }),
    );
    // Every key from the context in use now: a verdict stored under another root, other
    // keys or another build is never one of them. (WebCrypto: off the main thread.) Only
    // for versions with a stored verdict at all: a first visit computes none.
    const ids = await Promise.all(
      batch.map(async ({ base, keys, record }, i) => {
        const stored = found[i];
        if (!stored || !versionsOf(stored).has(record.version)) return undefined;
        return verdictKey({
          base,
          attestationProxy: context.attestationProxy,
          record,
          trustedRootDigest: context.trustedRootDigest,
          npmKeysDigest: await digestKeys(keys),
          verifier: context.verifier,
        });
      }),
    );
    const results = ids.map((id, i) => {
      const result = id === undefined ? undefined : found[i]?.get(id);
      return result && result.version === batch[i]?.record.version ? result : undefined;
    });
    cache.markUsed(ids.filter((id, i): id is string => id !== undefined && results[i] !== undefined));
    return results;
  }

  /** Reads within the time limit, or gives up (a miss). */
  async function bounded(batch: Pending[], context: VerdictContext): Promise<(VersionVerification | undefined)[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      return (await Promise.race([read(batch, context), timeout])) ?? [];
    } catch {
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  async function flush(): Promise<void> {
    // The trusted root is resolved once per visit (and verification waits for it too);
    // versions asked for meanwhile are read together, and shown together.
    const context = await options.context().catch(() => undefined);
    const batch = pending.splice(0);
    scheduled = false;
    const results = context ? await bounded(batch, context) : [];
    batch.forEach((p, i) => p.resolve(results[i]));
  }

  return {
    find(base, keys, record) {
      if (!cache) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        // Gathered until the end of the current task (at least), then read together.
        pending.push({ base, keys, record, resolve });
        if (!scheduled) {
          scheduled = true;
          setTimeout(() => void flush(), 0);
        }
      });
    },
    prefetch(base, attestationProxy, name) {
      if (cache) void readScope(verdictScope({ base, attestationProxy, name }), name);
    },
    clear: async () => {
      for (const { timer } of scopes.values()) clearTimeout(timer);
      scopes.clear();
      return cache ? cache.clear().catch(() => 0) : 0;
    },
  };
}

const versionSets = new WeakMap<Map<string, VersionVerification>, Set<string>>();

/** The versions a package's stored verdicts are about. */
function versionsOf(stored: Map<string, VersionVerification>): Set<string> {
  let versions = versionSets.get(stored);
  if (!versions) {
    versions = new Set([...stored.values()].map((result) => result.version));
    versionSets.set(stored, versions);
  }
  return versions;
}

let shared: VerdictLookup | undefined;

/** The app's lookup, on IndexedDB; created on first use. */
export function verdictLookup(): VerdictLookup {
  if (!shared) {
    const backend = indexedDbVerdictBackend();
    shared = createVerdictLookup({
      cache: backend ? createVerdictCache(backend) : undefined,
      context: async () => {
        const { trustedRoot } = await trustedRootState();
        return {
          // The pool gives the workers this root; undefined: they keep the bundled one.
          trustedRootDigest: trustedRoot === undefined ? bundledTrustedRootDigest : await rootDigest(trustedRoot),
          attestationProxy: currentNetSettings().attestationProxy,
          verifier: verifierBuild,
        };
      },
    });
  }
  return shared;
}

let lastRoot: { root: unknown; digest: Promise<string> } | undefined;

/** The trusted root is one object per visit: its digest is computed once. */
function rootDigest(root: unknown): Promise<string> {
  const last = lastRoot;
  if (last && last.root === root) return last.digest;
  const digest = digestOf(root);
  lastRoot = { root, digest };
  return digest;
}
