// Where the verdicts kept between visits live in the browser: IndexedDB (the rules, what may
// be stored and how it is keyed, are in verdict-cache.ts). The verifier workers write, the
// main thread reads (src/lib/package-data/verdict-lookup.ts).
//
// Three stores: `verdicts`, one record per verdict under its key, indexed by package
// (`scope`); `usage`, when each was last used (small records indexed by time, so that marking
// a verdict used does not rewrite it), for least-recently-used eviction; and `packages`, a
// copy of each package's verdicts in a few large records, read instead of the records when
// it is whole (verdict-copies.ts says how it is kept whole).
import { openDB, unwrap, type IDBPDatabase } from 'idb';
import type { StoredVerdict, VerdictBackend } from './verdict-cache';
import { PACKAGES, readCopy, scopeRange, wholeCopy, writeCopy, type ScopeIndex } from './verdict-copies';

export const DB_NAME = 'provenance-explorer-verdicts';
const DB_VERSION = 3;
const VERDICTS = 'verdicts';
const USAGE = 'usage';
const BY_USE = 'usedAt';
const BY_SCOPE = 'scope';
/** Records read per request of a package's verdicts: each is a small piece of main-thread work. */
const SCOPE_PAGE = 250;
/** A package's copy is written this long after a read found none whole: after the screen has shown what was read. */
export const COPY_DELAY_MS = 2000;
/** A writer writes a package's copy once it has written none of its verdicts for this long (a first visit's end). */
export const WRITES_IDLE_MS = 500;
/** Opening may hang (another tab holds an older version open): give up after this long. */
const OPEN_TIMEOUT_MS = 2000;

export interface IndexedDbVerdictOptions {
  /** Told where each package read was answered from (tests). */
  onScopeRead?: (scope: string, from: 'copy' | 'records') => void;
  /**
   * Runs a package's copy's writing, planned after a read that found none whole (by default
   * COPY_DELAY_MS later) or after a write (WRITES_IDLE_MS after the package's last). Tests
   * run it when they choose.
   */
  schedule?: (write: () => Promise<void>, after: 'read' | 'writes') => void;
}

interface Usage {
  key: string;
  usedAt: number;
}

/** A package's verdict records, in pages of SCOPE_PAGE ([scope, key] after the last key read; [] sorts after strings). */
async function readRecords(index: ScopeIndex, scope: string): Promise<unknown[]> {
  const found: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const range = after === undefined ? scopeRange(scope) : IDBKeyRange.bound([scope, after], [scope, []], true);
    const page = await index.getAll(range, SCOPE_PAGE);
    found.push(...page);
    const last = page[page.length - 1] as Partial<StoredVerdict> | undefined;
    if (page.length < SCOPE_PAGE || typeof last?.key !== 'string') return found;
    after = last.key;
  }
}

/**
 * The verdicts' IndexedDB (see the head of this file). Any failure to open makes every
 * call answer "nothing" for the rest of the session, silently; an open slower than
 * OPEN_TIMEOUT_MS (a busy machine) only for the calls made meanwhile.
 */
export function indexedDbVerdictBackend(options: IndexedDbVerdictOptions = {}): VerdictBackend | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  // The database once it is open (undefined: it cannot be), and whether it has settled.
  let settled = false;
  let database: IDBPDatabase | undefined;
  let gaveUp = false;
  let opening: Promise<IDBPDatabase | undefined> | undefined;
  const start = (): Promise<IDBPDatabase | undefined> =>
    (opening ??= new Promise<IDBPDatabase | undefined>((resolve) => {
      try {
        openDB(DB_NAME, DB_VERSION, {
          upgrade(db, oldVersion, _newVersion, transaction) {
            if (oldVersion < 1) {
              db.createObjectStore(VERDICTS);
              db.createObjectStore(USAGE, { keyPath: 'key' }).createIndex(BY_USE, 'usedAt');
            }
            // Version 2: a package's verdicts by scope (records of version 1 have none: never found by it).
            if (oldVersion < 2) transaction.objectStore(VERDICTS).createIndex(BY_SCOPE, ['scope', 'key']);
            // Version 3: the packages' copies (none yet: each is written after its package's next write or read).
            if (oldVersion < 3) db.createObjectStore(PACKAGES);
          },
          blocking() {
            // A newer build wants to upgrade: step aside.
            database?.close();
            database = undefined;
          },
        }).then(resolve, () => resolve(undefined));
      } catch {
        // Private modes of some browsers throw at once.
        resolve(undefined);
      }
    }).then((db) => {
      settled = true;
      database = db;
      return db;
    }));
  // Waits for the opening OPEN_TIMEOUT_MS at most, once: after that, calls answer "nothing"
  // until it has opened (a slow machine), or for ever (it hangs).
  const open = (): Promise<IDBPDatabase | undefined> => {
    const opened = start();
    if (settled) return Promise.resolve(database);
    if (gaveUp) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        gaveUp = true;
        resolve(undefined);
      }, OPEN_TIMEOUT_MS);
      void opened.then((db) => {
        clearTimeout(timer);
        resolve(db);
      });
    });
  };

  /** Writes a package's copy from its records, in one transaction (verdict-copies.ts). */
  const copyFromRecords = async (scope: string): Promise<void> => {
    const db = await open();
    if (!db) return;
    const tx = db.transaction([VERDICTS, PACKAGES], 'readwrite');
    const index = tx.objectStore(VERDICTS).index(BY_SCOPE);
    await writeCopy(tx.objectStore(PACKAGES), scope, () => readRecords(index, scope));
    await tx.done;
  };
  // Packages whose copy is planned after a read, and not yet written: one write at a time each.
  const planned = new Set<string>();
  const write = (scope: string) =>
    copyFromRecords(scope)
      // Best effort: without a whole copy, reads take the records.
      .catch(() => undefined);
  const copyAfterRead = (scope: string) => {
    if (planned.has(scope)) return;
    planned.add(scope);
    const run = () => write(scope).finally(() => planned.delete(scope));
    if (options.schedule) options.schedule(run, 'read');
    else setTimeout(() => void run(), COPY_DELAY_MS);
  };
  // Packages this writer wrote to, each until its copy is written.
  const written = new Map<string, ReturnType<typeof setTimeout>>();
  const copyAfterWrites = (scope: string) => {
    if (options.schedule) {
      options.schedule(() => write(scope), 'writes');
      return;
    }
    clearTimeout(written.get(scope));
    written.set(
      scope,
      setTimeout(() => {
        written.delete(scope);
        void write(scope);
      }, WRITES_IDLE_MS),
    );
  };

  void open();
  return {
    async getMany(keys) {
      const db = await open();
      if (!db) return keys.map(() => undefined);
      const tx = db.transaction(VERDICTS, 'readonly');
      const [values] = await Promise.all([
        Promise.all(keys.map((key) => tx.store.get(key) as Promise<unknown>)),
        tx.done,
      ]);
      return values;
    },
    async getScope(scope) {
      const db = await open();
      if (!db) return [];
      const tx = db.transaction([VERDICTS, PACKAGES], 'readonly');
      const copy = await readCopy(tx.objectStore(PACKAGES), scope);
      if (copy) {
        options.onScopeRead?.(scope, 'copy');
        return copy;
      }
      const found = await readRecords(tx.objectStore(VERDICTS).index(BY_SCOPE), scope);
      options.onScopeRead?.(scope, 'records');
      if (found.length > 0) copyAfterRead(scope);
      return found;
    },
    async touch(keys, at) {
      const db = await open();
      if (!db) return;
      const tx = db.transaction(USAGE, 'readwrite');
      // The plain store: idb's wrapper makes a promise per request, a third of the cost
      // of a few hundred small writes. A failed request aborts the transaction (tx.done).
      const store = unwrap(tx.store);
      for (const key of keys) store.put({ key, usedAt: at } satisfies Usage);
      await tx.done;
    },
    async put(key, value, at) {
      const db = await open();
      if (!db) return;
      const tx = db.transaction([VERDICTS, USAGE, PACKAGES], 'readwrite');
      quiet(tx.objectStore(VERDICTS).put(value, key));
      quiet(tx.objectStore(USAGE).put({ key, usedAt: at } satisfies Usage));
      const scope = value.scope;
      // Its package's copy no longer holds all its records (verdict-copies.ts): deleted whole,
      // so that no read before the next copy takes in its chunks only to find no header.
      if (typeof scope === 'string') quiet(tx.objectStore(PACKAGES).delete(wholeCopy(scope)));
      await tx.done;
      if (typeof scope === 'string') copyAfterWrites(scope);
    },
    async count() {
      const db = await open();
      return db ? db.count(VERDICTS) : 0;
    },
    async evictOldest(n) {
      const db = await open();
      if (!db || n <= 0) return;
      const tx = db.transaction([VERDICTS, USAGE, PACKAGES], 'readwrite');
      const verdicts = tx.objectStore(VERDICTS);
      const scopes = new Set<string>();
      let cursor = await tx.objectStore(USAGE).index(BY_USE).openCursor();
      let left = n;
      while (cursor && left > 0) {
        const record = (await verdicts.get(cursor.primaryKey)) as Partial<StoredVerdict> | undefined;
        if (typeof record?.scope === 'string') scopes.add(record.scope);
        quiet(verdicts.delete(cursor.primaryKey));
        quiet(cursor.delete());
        left -= 1;
        cursor = await cursor.continue();
      }
      // Their packages' copies would hold them still.
      for (const scope of scopes) quiet(tx.objectStore(PACKAGES).delete(wholeCopy(scope)));
      await tx.done;
    },
    async clear() {
      const db = await open();
      if (!db) return 0;
      const tx = db.transaction([VERDICTS, USAGE, PACKAGES], 'readwrite');
      const count = await tx.objectStore(VERDICTS).count();
      quiet(tx.objectStore(VERDICTS).clear());
      quiet(tx.objectStore(USAGE).clear());
      quiet(tx.objectStore(PACKAGES).clear());
      await tx.done;
      return count;
    },
  };
}

/** A request inside a transaction: its failure aborts the transaction, which the caller awaits. */
function quiet(request: Promise<unknown>): void {
  request.catch(() => undefined);
}
