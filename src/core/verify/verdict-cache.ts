// Verification verdicts kept between visits. A published version's verdict cannot change
// as long as everything it was computed from stays the same, so it is stored under a key
// made of all of it: the registry (and the attestation proxy), the version's name, number,
// publish time and `dist` (integrity, registry signatures, attestation claim), the trusted root in use
// (its SHA-256), npm's keys in use (their SHA-256) and the verifier's build. Change any of
// these and the key changes: the verdict is computed again, never reused.
//
// Only final verdicts of real verification are stored (see `isCacheableVerdict`): never
// `unavailable`, a network error, a timeout, a cancelled job or a response that was not
// an attestation list. IndexedDB in the browser (verdict-store-idb.ts: the verifier workers
// write, the main thread reads, see src/lib/package-data/verdict-lookup.ts); memory in tests. A store
// that cannot be opened (private browsing, blocked, no IndexedDB) answers "nothing
// stored" and drops writes: the session's cache still works.
//
// Each record also names its package (`verdictScope`: registry, proxy, name), indexed, so
// that a revisit reads all of a package's verdicts in one request, started at navigation,
// and matches them by key once the key's inputs are known (`readScope`).
import type { StepResult, VersionRecord, VersionVerification } from '../model';
import type { AttestationsFetch } from './verify-version';

/**
 * Bumped by hand when a stored verdict's shape or meaning changes in a way the build
 * fingerprint (`verifierVersion`, from the verifier's sources and @sigstore versions)
 * would not notice.
 */
export const VERDICT_FORMAT = 1;

/** How many verdicts are kept (give or take a few dozen); the least recently used go first. About 3 KB each. */
export const DEFAULT_VERDICT_CAP = 10_000;

export interface VerdictKeyInput {
  /** The registry's base URL. */
  base: string;
  attestationProxy?: string;
  record: Pick<VersionRecord, 'name' | 'version' | 'publishedAt' | 'dist'>;
  /** `digestOf(trustedRoot)` of the trusted root the verifier uses. */
  trustedRootDigest: string;
  /** `digestOf(npmKeys)` of the registry keys the verifier uses. */
  npmKeysDigest: string;
  /** The verifier's build (VERDICT_FORMAT and the build fingerprint). */
  verifier: string;
}

/** The key a verdict is stored under: SHA-256 over every input it depends on. */
export async function verdictKey(input: VerdictKeyInput): Promise<string> {
  const { record } = input;
  const parts = [
    'verdict',
    VERDICT_FORMAT,
    input.verifier,
    input.base,
    input.attestationProxy ?? '',
    record.name,
    record.version,
    // The registry signature's key must be valid at the publish time.
    record.publishedAt ?? '',
    record.dist.integrity ?? '',
    record.dist.signatures.map((s) => [s.keyid, s.sig]),
    record.dist.attestations
      ? [record.dist.attestations.url, record.dist.attestations.provenancePredicateType ?? '']
      : null,
    input.trustedRootDigest,
    input.npmKeysDigest,
  ];
  return sha256Hex(JSON.stringify(parts));
}

/** Which package a verdict belongs to (not part of its key's meaning: an index to read a package's verdicts at once). */
export function verdictScope(input: { base: string; attestationProxy?: string; name: string }): string {
  return JSON.stringify([input.base, input.attestationProxy ?? '', input.name]);
}

/** SHA-256 (hex) of a JSON value as `JSON.stringify` writes it: a trusted root, a key list. */
export function digestOf(value: unknown): Promise<string> {
  return sha256Hex(JSON.stringify(value ?? null));
}

async function sha256Hex(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

const CACHEABLE_STATUSES = new Set<VersionVerification['status']>(['verified', 'failed', 'absent']);

/**
 * Whether a verdict may outlive the session. Only what real verification decided from
 * the key's inputs: `verified` and `failed` on an attestation list actually read, and
 * `absent` (the registry claims no attestations: the registry signature alone decides).
 * Never a verdict in which the attestations could not be fetched (`unavailable`, or a
 * registry-signature failure while they were unavailable), nor one on a response that was
 * not an attestation list (a proxy's or a captive portal's page), since those can
 * change without the key changing.
 */
export function isCacheableVerdict(
  result: VersionVerification,
  fetched: AttestationsFetch['kind'] | 'malformed',
): boolean {
  if (fetched !== 'fetched' && fetched !== 'not-claimed') return false;
  if (!CACHEABLE_STATUSES.has(result.status)) return false;
  return !result.steps.some((step) => step.code === 'ATTESTATIONS_UNAVAILABLE');
}

/** What `isCacheableVerdict` needs to know of a fetch: an attestation list or not. */
export function fetchKind(fetched: AttestationsFetch): AttestationsFetch['kind'] | 'malformed' {
  if (fetched.kind !== 'fetched') return fetched.kind;
  const body = fetched.body;
  const list =
    typeof body === 'object' && body !== null ? (body as { attestations?: unknown }).attestations : undefined;
  return Array.isArray(list) ? 'fetched' : 'malformed';
}

/** A stored verdict, as written. Anything else read back is ignored. */
export interface StoredVerdict {
  format: typeof VERDICT_FORMAT;
  name: string;
  version: string;
  result: VersionVerification;
  /** `verdictScope` of the version, and the key it is stored under (the scope index's second part). */
  scope?: string;
  key?: string;
}

/** Where the records live: IndexedDB or memory. Thin: the rules are in `createVerdictCache`. */
export interface VerdictBackend {
  /** The records under `keys`, in order (undefined where none); `unknown`: nothing read back is trusted. */
  getMany(keys: string[]): Promise<unknown[]>;
  /** Marks `keys` as used at `at` (for least-recently-used eviction). */
  touch(keys: string[], at: number): Promise<void>;
  put(key: string, value: StoredVerdict, at: number): Promise<void>;
  /** Every record whose `scope` is this one (any key). */
  getScope(scope: string): Promise<unknown[]>;
  count(): Promise<number>;
  /** Deletes the `n` least recently used records. */
  evictOldest(n: number): Promise<void>;
  /** Deletes everything; answers how many records there were. */
  clear(): Promise<number>;
}

export interface VerdictCache {
  /** The stored verdicts for `keys`, in order; undefined for a miss or a record that is not a valid verdict. */
  getMany(
    keys: string[],
    expected: Pick<VersionRecord, 'name' | 'version'>[],
  ): Promise<(VersionVerification | undefined)[]>;
  put(key: string, result: VersionVerification, scope?: string): Promise<void>;
  /** A package's stored verdicts (`verdictScope`), by key: only valid verdicts of a version named `name`. */
  readScope(scope: string, name: string): Promise<Map<string, VersionVerification>>;
  /**
   * Marks these keys as used now (best effort, for eviction). Written later, a slice a
   * task (`TOUCH_DELAY_MS` after they are marked), and before any eviction: a revisit's reads are answered first.
   */
  markUsed(keys: string[]): void;
  clear(): Promise<number>;
}

export interface VerdictCacheOptions {
  cap?: number;
  /** Writes between two checks of the cap (so that it can be passed by that many). */
  checkEvery?: number;
  now?: () => number;
}

/**
 * Uses are written this long after they are marked: after the screen has shown what was
 * read. Marking a revisit's 300 verdicts used wrote them in the microtask before the
 * verdicts were shown: 15–30 ms of the main thread between the trusted root and the
 * rows' verdicts (traced), and one long task for a package of thousands.
 */
export const TOUCH_DELAY_MS = 2000;
/** Uses written per task (one transaction each). */
const TOUCH_SLICE = 250;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createVerdictCache(backend: VerdictBackend, options: VerdictCacheOptions = {}): VerdictCache {
  const cap = Math.max(1, options.cap ?? DEFAULT_VERDICT_CAP);
  const now = options.now ?? (() => Date.now());
  const checkEvery = Math.max(1, options.checkEvery ?? 64);
  let writes = 0;
  let evicting: Promise<void> | undefined;
  // Uses marked and not yet written, oldest first. Each slice is taken off before it is
  // written, so the delayed writer and an eviction never write one twice.
  const unwritten: { keys: string[]; at: number }[] = [];
  const writeSlice = async (): Promise<void> => {
    const batch = unwritten[0];
    if (!batch) return;
    const slice = batch.keys.splice(0, TOUCH_SLICE);
    if (batch.keys.length === 0) unwritten.shift();
    // A failed touch only makes eviction less exact.
    await backend.touch(slice, batch.at).catch(() => undefined);
  };
  let writing = false;
  const writeLater = () => {
    if (writing) return;
    writing = true;
    void (async () => {
      await pause(TOUCH_DELAY_MS);
      while (unwritten.length > 0) {
        await writeSlice();
        if (unwritten.length > 0) await pause(0);
      }
      // In the same step as the last look at the queue: a use marked after it starts a new writer.
      writing = false;
    })();
  };
  const markUsed = (keys: string[]) => {
    if (keys.length === 0) return;
    unwritten.push({ keys: [...keys], at: now() });
    writeLater();
  };
  const evict = () =>
    (evicting ??= (async () => {
      // Every use marked so far counts: the least recently used is the one to go.
      while (unwritten.length > 0) await writeSlice();
      const count = await backend.count();
      if (count > cap) await backend.evictOldest(count - cap);
    })().finally(() => {
      evicting = undefined;
    }));
  return {
    async getMany(keys, expected) {
      if (keys.length === 0) return [];
      const records = await backend.getMany(keys);
      const results = keys.map((_, i) => {
        const want = expected[i];
        const record = records[i];
        return want && isStoredVerdict(record) && record.name === want.name && record.version === want.version
          ? record.result
          : undefined;
      });
      markUsed(keys.filter((_, i) => results[i] !== undefined));
      return results;
    },
    async readScope(scope, name) {
      const found = new Map<string, VersionVerification>();
      for (const record of await backend.getScope(scope)) {
        if (
          isStoredVerdict(record) &&
          record.name === name &&
          record.scope === scope &&
          typeof record.key === 'string'
        ) {
          found.set(record.key, record.result);
        }
      }
      return found;
    },
    markUsed,
    async put(key, result, scope) {
      const value: StoredVerdict = { format: VERDICT_FORMAT, name: result.name, version: result.version, result };
      if (scope !== undefined) Object.assign(value, { scope, key });
      await backend.put(key, value, now());
      // The cap is checked on the first write and every `checkEvery` after: most jobs
      // wait for their own write only.
      if (writes++ % checkEvery === 0) await evict().catch(() => undefined);
    },
    clear: () => backend.clear(),
  };
}

const STATUSES = new Set(['verified', 'failed', 'absent', 'unavailable']);
const OUTCOMES = new Set(['pass', 'fail', 'skip']);

/** A record this build wrote: the right format, a cacheable status, steps of the right shape. */
export function isStoredVerdict(value: unknown): value is StoredVerdict {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<StoredVerdict>;
  if (record.format !== VERDICT_FORMAT || typeof record.name !== 'string' || typeof record.version !== 'string') {
    return false;
  }
  const result = record.result as Partial<VersionVerification> | undefined;
  if (typeof result !== 'object' || result === null) return false;
  if (result.name !== record.name || result.version !== record.version) return false;
  if (typeof result.status !== 'string' || !STATUSES.has(result.status) || !CACHEABLE_STATUSES.has(result.status)) {
    return false;
  }
  return Array.isArray(result.steps) && result.steps.length > 0 && result.steps.every(isStep);
}

function isStep(value: unknown): value is StepResult {
  if (typeof value !== 'object' || value === null) return false;
  const step = value as Partial<StepResult>;
  return (
    typeof step.step === 'string' &&
    typeof step.outcome === 'string' &&
    OUTCOMES.has(step.outcome) &&
    typeof step.code === 'string' &&
    typeof step.message === 'string' &&
    step.code !== 'ATTESTATIONS_UNAVAILABLE'
  );
}

/** Records in memory, least recently used first out: for tests, and where IndexedDB is not available. */
export function memoryVerdictBackend(): VerdictBackend {
  const records = new Map<string, { value: unknown; usedAt: number; order: number }>();
  let order = 0;
  return {
    getMany: async (keys) => keys.map((key) => structuredClone(records.get(key)?.value)),
    touch: async (keys, at) => {
      for (const key of keys) {
        const record = records.get(key);
        if (record) Object.assign(record, { usedAt: at, order: order++ });
      }
    },
    put: async (key, value, at) => {
      records.set(key, { value: structuredClone(value), usedAt: at, order: order++ });
    },
    getScope: async (scope) =>
      [...records.values()]
        .map((record) => record.value as Partial<StoredVerdict>)
        .filter((value) => value.scope === scope)
        .map((value) => structuredClone(value)),
    count: async () => records.size,
    evictOldest: async (n) => {
      const oldest = [...records.entries()]
        .sort(([, a], [, b]) => a.usedAt - b.usedAt || a.order - b.order)
        .slice(0, n);
      for (const [key] of oldest) records.delete(key);
    },
    clear: async () => {
      const size = records.size;
      records.clear();
      return size;
    },
  };
}
