// Where verified TUF metadata (and the targets it vouches for) is kept between visits,
// so that a later visit only refreshes: IndexedDB in the browser (also inside workers),
// memory under Node and in tests. Only files the TUF client has verified are written.
import { openDB, type IDBPDatabase } from 'idb';

export interface TufCacheEntry {
  /** Metadata by role name (`root`, `timestamp`, `snapshot`, `targets`, delegated roles), as text. */
  metadata: Record<string, string>;
  /** Target files by path, as text (both targets are JSON). */
  targets: Record<string, string>;
  /** When these were verified (ISO 8601). */
  verifiedAt: string;
  /**
   * The digest of the initial root these grew from, where the entry's key does not name
   * it (an initial root given by address: resolve-start.ts). Such an entry without it, or
   * with another, is not used.
   */
  initialRootDigest?: string;
}

export interface TufCache {
  load(namespace: string): Promise<TufCacheEntry | undefined>;
  save(namespace: string, entry: TufCacheEntry): Promise<void>;
}

export function memoryTufCache(): TufCache {
  const entries = new Map<string, string>();
  return {
    load: async (namespace) => {
      const text = entries.get(namespace);
      return text === undefined ? undefined : (JSON.parse(text) as TufCacheEntry);
    },
    save: async (namespace, entry) => {
      entries.set(namespace, JSON.stringify(entry));
    },
  };
}

const DB_NAME = 'provenance-explorer-tuf';
const STORE = 'repositories';

/** IndexedDB, one record per repository and initial root. Falls back to memory where IndexedDB is missing. */
export function indexedDbTufCache(): TufCache {
  if (typeof indexedDB === 'undefined') return memoryTufCache();
  let db: Promise<IDBPDatabase> | undefined;
  const open = () =>
    (db ??= openDB(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(STORE);
      },
    }));
  return {
    load: async (namespace) => {
      const value: unknown = await (await open()).get(STORE, namespace);
      return isEntry(value) ? value : undefined;
    },
    save: async (namespace, entry) => {
      await (await open()).put(STORE, entry, namespace);
    },
  };
}

function isEntry(value: unknown): value is TufCacheEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TufCacheEntry).metadata === 'object' &&
    typeof (value as TufCacheEntry).targets === 'object' &&
    typeof (value as TufCacheEntry).verifiedAt === 'string' &&
    ['string', 'undefined'].includes(typeof (value as TufCacheEntry).initialRootDigest)
  );
}
