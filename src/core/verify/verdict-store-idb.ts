// Where the verdicts kept between visits live in the browser: IndexedDB (the rules, what may
// be stored and how it is keyed, are in verdict-cache.ts). The verifier workers write, the
// main thread reads (src/lib/package-data/verdict-lookup.ts).
//
// Three stores:
// - `verdicts`: one record per verdict, under its key, indexed by package (`scope`);
// - `usage`: when each was last used (small records indexed by time, so that marking a
//   verdict used does not rewrite it), for least-recently-used eviction;
// - `packages`: a copy of each package's verdicts in a few large records. IndexedDB's cost
//   of a read is mostly per record, not per byte: a revisit's read of a package's 300
//   verdict records took 65–95 ms in an idle page, the same verdicts as one record 10–16 ms
//   (docs/performance.md, "2026-12-02"), and a revisit waits for that read.
//
// A package's copy is a header at [scope, 0] (`{ format, chunks: n }`) and chunks [scope, 1]
// … [scope, n], each `{ format, entries }` holding stored verdicts as written. The one rule:
// **while a scope has a header, every verdict record of that scope is in its chunks**, the
// same value. Everything that writes or deletes keeps it, in the same transaction:
// - a write of a verdict appends it to the copy's last chunk (a new chunk when that one holds
//   APPEND_CHUNK); a scope that had no record at all starts its copy with it; a scope that
//   has records but no copy is left without one (it would be incomplete);
// - eviction deletes the copy of every package it deletes a record of; clearing deletes all;
// - a read that finds a package's records but no copy writes one later (`compact`, a read of
//   the records and the copy's writes in one transaction).
// A read takes the copy only when it is whole (a valid header and as many valid chunks);
// otherwise it reads the records, as before. Nothing read back is trusted either way: the
// cache validates each verdict, and the lookup matches it by its full key.
import { openDB, unwrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { StoredVerdict, VerdictBackend } from './verdict-cache';

export const DB_NAME = 'provenance-explorer-verdicts';
const DB_VERSION = 3;
const VERDICTS = 'verdicts';
const USAGE = 'usage';
const PACKAGES = 'packages';
const BY_USE = 'usedAt';
const BY_SCOPE = 'scope';
/** Records read per request of a package's verdicts: each is a small piece of main-thread work. */
const SCOPE_PAGE = 250;
/** A copy's chunks read per request (at most COMPACT_CHUNK verdicts each): likewise. */
const COPY_PAGE = 2;
/** A write appends to a chunk of fewer verdicts than this (each append rewrites the chunk, in the worker). */
export const APPEND_CHUNK = 32;
/** Verdicts per chunk of a copy written at once (`compact`). */
export const COMPACT_CHUNK = 128;
/** The copy's shape; a copy of another is not whole. */
const COPY_FORMAT = 1;
/** A package's copy is written this long after a read found none: after the screen has shown what was read. */
export const COMPACT_DELAY_MS = 2000;
/** Opening may hang (another tab holds an older version open): give up after this long. */
const OPEN_TIMEOUT_MS = 2000;

interface Usage {
  key: string;
  usedAt: number;
}

interface CopyHeader {
  format: typeof COPY_FORMAT;
  chunks: number;
}

interface CopyChunk {
  format: typeof COPY_FORMAT;
  entries: unknown[];
}

export interface IndexedDbVerdictOptions {
  /** Told where each package read was answered from (tests). */
  onScopeRead?: (scope: string, from: 'copy' | 'records') => void;
  /** Runs a planned copy's writing (by default COMPACT_DELAY_MS later); tests run it when they choose. */
  schedule?: (write: () => Promise<void>) => void;
}

/** What the helpers below read with: an object store or an index, in any transaction (idb's own types are per mode and store). */
interface Readable {
  get(key: IDBValidKey): Promise<unknown>;
  getAll(range: IDBKeyRange, count?: number): Promise<unknown[]>;
}

const scopeRange = (scope: string) => IDBKeyRange.bound([scope], [scope, []]);
const copyRange = (scope: string) => IDBKeyRange.bound([scope, 0], [scope, Infinity]);

function isHeader(value: unknown): value is CopyHeader {
  const header = value as Partial<CopyHeader> | undefined;
  return (
    typeof header === 'object' &&
    header !== null &&
    header.format === COPY_FORMAT &&
    Number.isSafeInteger(header.chunks) &&
    (header.chunks as number) >= 1
  );
}

function isChunk(value: unknown): value is CopyChunk {
  const chunk = value as Partial<CopyChunk> | undefined;
  return typeof chunk === 'object' && chunk !== null && chunk.format === COPY_FORMAT && Array.isArray(chunk.entries);
}

/** A package's verdict records, in pages of SCOPE_PAGE ([scope, key] after the last key read; [] sorts after strings). */
async function readRecords(index: Readable, scope: string) {
  const found: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const range = after === undefined ? scopeRange(scope) : IDBKeyRange.bound([scope, after], [scope, []], true);
    const page = (await index.getAll(range, SCOPE_PAGE)) as unknown[];
    found.push(...page);
    const last = page[page.length - 1] as Partial<StoredVerdict> | undefined;
    if (page.length < SCOPE_PAGE || typeof last?.key !== 'string') return found;
    after = last.key;
  }
}

/** A package's copy, if it is whole: every entry of its chunks, in order; undefined otherwise. */
async function readCopy(copies: Readable, scope: string): Promise<unknown[] | undefined> {
  const header: unknown = await copies.get([scope, 0]);
  if (!isHeader(header)) return undefined;
  const entries: unknown[] = [];
  let read = 0;
  while (read < header.chunks) {
    const upper = Math.min(read + COPY_PAGE, header.chunks);
    const page = (await copies.getAll(IDBKeyRange.bound([scope, read + 1], [scope, upper]))) as unknown[];
    if (page.length !== upper - read) return undefined;
    for (const chunk of page) {
      if (!isChunk(chunk)) return undefined;
      entries.push(...chunk.entries);
    }
    read = upper;
  }
  return entries;
}

/** In a write's transaction, after the verdict's record is written: keeps its package's copy whole (see the head of this file). */
async function appendToCopy(tx: IDBPTransaction<unknown, string[], 'readwrite'>, scope: string, value: StoredVerdict) {
  const copies = tx.objectStore(PACKAGES);
  const header: unknown = await copies.get([scope, 0]);
  if (header === undefined) {
    // The record just written is the package's only one: a copy of it alone is whole.
    const count = await tx.objectStore(VERDICTS).index(BY_SCOPE).count(scopeRange(scope));
    if (count !== 1) return;
    await copies.put({ format: COPY_FORMAT, entries: [value] } satisfies CopyChunk, [scope, 1]);
    await copies.put({ format: COPY_FORMAT, chunks: 1 } satisfies CopyHeader, [scope, 0]);
    return;
  }
  const last: unknown = isHeader(header) ? await copies.get([scope, header.chunks]) : undefined;
  if (!isHeader(header) || !isChunk(last)) {
    // Not a copy this build wrote: dropped (a read would not have taken it either).
    await copies.delete(copyRange(scope));
    return;
  }
  if (last.entries.length < APPEND_CHUNK) {
    last.entries.push(value);
    await copies.put(last, [scope, header.chunks]);
    return;
  }
  await copies.put({ format: COPY_FORMAT, entries: [value] } satisfies CopyChunk, [scope, header.chunks + 1]);
  await copies.put({ format: COPY_FORMAT, chunks: header.chunks + 1 } satisfies CopyHeader, [scope, 0]);
}

/**
 * The verdicts' IndexedDB (see the head of this file). Any failure to open makes every
 * call answer "nothing" for the rest of the session, silently; an open slower than
 * OPEN_TIMEOUT_MS (a busy machine) only for the calls made meanwhile.
 */
export function indexedDbVerdictBackend(options: IndexedDbVerdictOptions = {}): VerdictBackend | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  const schedule =
    options.schedule ??
    ((write: () => Promise<void>) => {
      setTimeout(() => void write(), COMPACT_DELAY_MS);
    });
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
            // Version 3: the packages' copies (none yet: each is written on its first read).
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

  /** Writes a package's copy from its records, in one transaction; nothing if it has one (or no record). */
  const compact = async (scope: string): Promise<void> => {
    const db = await open();
    if (!db) return;
    const tx = db.transaction([VERDICTS, PACKAGES], 'readwrite');
    const copies = tx.objectStore(PACKAGES);
    if ((await readCopy(copies, scope)) === undefined) {
      const records = await readRecords(tx.objectStore(VERDICTS).index(BY_SCOPE), scope);
      if (records.length > 0) {
        await copies.delete(copyRange(scope));
        const chunks = Math.ceil(records.length / COMPACT_CHUNK);
        // A chunk per request: each is serialised in its own task.
        for (let c = 0; c < chunks; c++) {
          const entries = records.slice(c * COMPACT_CHUNK, (c + 1) * COMPACT_CHUNK);
          await copies.put({ format: COPY_FORMAT, entries } satisfies CopyChunk, [scope, c + 1]);
        }
        await copies.put({ format: COPY_FORMAT, chunks } satisfies CopyHeader, [scope, 0]);
      }
    }
    await tx.done;
  };
  // Packages whose copy is planned and not yet written: one write at a time each.
  const planned = new Set<string>();
  const compactLater = (scope: string) => {
    if (planned.has(scope)) return;
    planned.add(scope);
    // Best effort: without a copy, reads take the records.
    schedule(() =>
      compact(scope)
        .catch(() => undefined)
        .finally(() => planned.delete(scope)),
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
      if (found.length > 0) compactLater(scope);
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
      // Requests run in order: the copy sees the record written.
      // Should the copy's part fail, nothing is written: a package's copy is never left without a verdict of its records.
      if (typeof value.scope === 'string') appendToCopy(tx, value.scope, value).catch(() => abort(tx));
      await tx.done;
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
      for (const scope of scopes) quiet(tx.objectStore(PACKAGES).delete(copyRange(scope)));
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

function abort(tx: IDBPTransaction<unknown, string[], 'readwrite'>): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted (a failed request aborts it).
  }
}

/** A request inside a transaction: its failure aborts the transaction, which the caller awaits. */
function quiet(request: Promise<unknown>): void {
  request.catch(() => undefined);
}
