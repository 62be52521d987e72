// The main thread's side of the verdicts kept between visits (src/core/verify/verdict-cache.ts):
// asked by the verification store before any verification starts, so that a revisit
// fetches no attestation. The verifier workers write the verdicts; this only reads them,
// and clears them when asked to.
//
// Lookups are gathered (per task, and while the trusted root is being resolved) and read
// in IndexedDB transactions of at most 200, so that the main thread does a few small
// pieces of work rather than thousands, and never one long one. Anything that goes wrong (no
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
  /** Forgets every stored verdict; answers how many there were. */
  clear(): Promise<number>;
}

/** Versions read per transaction: each read stays a small piece of main-thread work. */
const CHUNK = 200;
const LOOKUP_TIMEOUT_MS = 3000;

interface Pending {
  base: string;
  keys: RegistryKey[];
  record: VersionRecord;
  resolve: (result: VersionVerification | undefined) => void;
}

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

  async function read(batch: Pending[], context: VerdictContext): Promise<(VersionVerification | undefined)[]> {
    if (!cache) return batch.map(() => undefined);
    const ids = await Promise.all(
      batch.map(async ({ base, keys, record }) =>
        verdictKey({
          base,
          attestationProxy: context.attestationProxy,
          record,
          trustedRootDigest: context.trustedRootDigest,
          npmKeysDigest: await digestKeys(keys),
          verifier: context.verifier,
        }),
      ),
    );
    return cache.getMany(
      ids,
      batch.map((p) => p.record),
    );
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
    const chunks: Pending[][] = [];
    for (let at = 0; at < batch.length; at += CHUNK) chunks.push(batch.slice(at, at + CHUNK));
    const results = context ? await Promise.all(chunks.map((chunk) => bounded(chunk, context))) : [];
    chunks.forEach((chunk, c) => chunk.forEach((p, i) => p.resolve(results[c]?.[i])));
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
    clear: async () => (cache ? cache.clear().catch(() => 0) : 0),
  };
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
