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
  verdictKey,
  verdictScope,
  type VerdictCache,
} from '../../core/verify/verdict-cache';
import { indexedDbVerdictBackend } from '../../core/verify/verdict-store-idb';
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
  /**
   * `find` for many versions of a registry at once (a package's), in order (shorter, or
   * empty, when the last ones have none): only versions that have a stored verdict at all
   * are keyed, a slice at a time. Never rejects.
   */
  findMany(base: string, keys: RegistryKey[], records: VersionRecord[]): Promise<(VersionVerification | undefined)[]>;
  /** Starts reading a package's stored verdicts now (at navigation): the next lookups of its versions use them. */
  prefetch(base: string, attestationProxy: string | undefined, name: string): void;
  /**
   * Whether any verdict of the package is stored at all, whatever its key (a revisit):
   * the same read as `prefetch`, answered without the trusted root. Never rejects: false
   * when nothing can be read in time.
   */
  hasStored(base: string, attestationProxy: string | undefined, name: string): Promise<boolean>;
  /** Forgets every stored verdict; answers how many there were. */
  clear(): Promise<number>;
}

const LOOKUP_TIMEOUT_MS = 3000;
/** A package's verdicts read are kept this long after their last use (its versions are asked for in several tasks). */
const SCOPE_KEEP_MS = 10_000;

interface Query {
  base: string;
  keys: RegistryKey[];
  record: VersionRecord;
}

interface Pending extends Query {
  resolve: (result: VersionVerification | undefined) => void;
}

/** Keys are prepared for this long per task. */
const KEY_SLICE_MS = 8;

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

  /** `work`'s value, or undefined if it takes longer than the lookup's time limit. */
  async function withinLimit<T>(work: Promise<T>): Promise<T | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether any verdict of the package is stored, whatever its key; false when nothing is read in time. */
  async function hasStored(base: string, attestationProxy: string | undefined, name: string): Promise<boolean> {
    if (!cache) return false;
    const stored = await withinLimit(readScope(verdictScope({ base, attestationProxy, name }), name));
    return stored !== undefined && stored.size > 0;
  }

  async function read(batch: Query[], context: VerdictContext): Promise<(VersionVerification | undefined)[]> {
    const results = new Array<VersionVerification | undefined>(batch.length).fill(undefined);
    if (!cache) return results;
    // One read per package of the batch (a package's thousands of versions share one): a
    // scope's key and its keep-alive timer per version cost the main thread hundreds of ms.
    // Consecutive queries of a package join its group without a string built for each.
    const groups = new Map<string, { base: string; name: string; indexes: number[] }>();
    let last: { base: string; name: string; indexes: number[] } | undefined;
    batch.forEach(({ base, record }, i) => {
      if (!last || last.base !== base || last.name !== record.name) {
        const id = `${base}\n${record.name}`;
        last = groups.get(id) ?? { base, name: record.name, indexes: [] };
        groups.set(id, last);
      }
      last.indexes.push(i);
    });
    const packages = [...groups.values()];
    const stored = await Promise.all(
      packages.map(({ base, name }) =>
        readScope(verdictScope({ base, attestationProxy: context.attestationProxy, name }), name),
      ),
    );
    // Only versions with a stored verdict at all get a key (a first visit computes none).
    const candidates: number[] = [];
    const storedOf: Map<string, VersionVerification>[] = [];
    packages.forEach(({ indexes }, p) => {
      const verdicts = stored[p] as Map<string, VersionVerification>;
      const versions = versionsOf(verdicts);
      if (versions.size === 0) return;
      for (const i of indexes) {
        if (versions.has((batch[i] as Query).record.version)) {
          candidates.push(i);
          storedOf.push(verdicts);
        }
      }
    });
    if (candidates.length === 0) return results;
    // Every key from the context in use now: a verdict stored under another root, other
    // keys or another build is never one of them. (WebCrypto: off the main thread.) Their
    // inputs are prepared a slice at a time: a revisit has thousands.
    const keyLists = [...new Set(candidates.map((i) => (batch[i] as Query).keys))];
    const digests = new Map(await Promise.all(keyLists.map(async (keys) => [keys, await digestKeys(keys)] as const)));
    const asked: Promise<string>[] = [];
    let deadline = performance.now() + KEY_SLICE_MS;
    for (const i of candidates) {
      const { base, keys, record } = batch[i] as Query;
      asked.push(
        verdictKey({
          base,
          attestationProxy: context.attestationProxy,
          record,
          trustedRootDigest: context.trustedRootDigest,
          npmKeysDigest: digests.get(keys) as string,
          verifier: context.verifier,
        }),
      );
      if (performance.now() >= deadline) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        deadline = performance.now() + KEY_SLICE_MS;
      }
    }
    const ids = await Promise.all(asked);
    const used: string[] = [];
    candidates.forEach((i, c) => {
      const id = ids[c] as string;
      const result = storedOf[c]?.get(id);
      if (result && result.version === (batch[i] as Query).record.version) {
        results[i] = result;
        used.push(id);
      }
    });
    cache.markUsed(used);
    return results;
  }

  /** Reads within the time limit, or gives up (a miss). */
  async function bounded(batch: Query[], context: VerdictContext): Promise<(VersionVerification | undefined)[]> {
    try {
      return (await withinLimit(read(batch, context))) ?? [];
    } catch {
      return [];
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
    async findMany(base, keys, records) {
      const first = records[0];
      if (!cache || !first) return [];
      const context = await options.context().catch(() => undefined);
      if (!context) return [];
      // A package with nothing stored (a first visit): no query per version at all.
      if (
        records.every((record) => record.name === first.name) &&
        !(await hasStored(base, context.attestationProxy, first.name))
      ) {
        return [];
      }
      return bounded(
        records.map((record) => ({ base, keys, record })),
        context,
      );
    },
    prefetch(base, attestationProxy, name) {
      if (cache) void readScope(verdictScope({ base, attestationProxy, name }), name);
    },
    hasStored,
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
