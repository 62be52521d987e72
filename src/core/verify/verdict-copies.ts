// A copy of each package's kept verdicts in a few large IndexedDB records (the `packages`
// store of verdict-store-idb.ts). IndexedDB's cost of a read is mostly per record, not per
// byte: in an idle page, a package's 300 verdict records were read in 55–105 ms, the same
// verdicts in 5 records in 9–11 ms (docs/performance.md, "2026-12-02"), and a revisit
// waits for that read.
//
// A package's copy, under keys that start with its scope: a header at [scope, 0],
// `{ format, chunks: n }`, and chunks [scope, 1] … [scope, n], `{ format, entries }`,
// stored verdicts as they were read from the records.
//
// The one rule: **while a package's copy has its header, its chunks hold exactly its verdict
// records.** A read takes the copy only with a valid header and as many valid chunks;
// otherwise it reads the records. What keeps the rule, each in one transaction:
// - a verdict's write deletes its package's copy (one more request in the write, no read);
// - eviction deletes the copy of every package it deletes a record of; clearing, every copy;
// - a copy is written from the records (`writeCopy`): the records read and the copy written
//   in one transaction, after a writer has written nothing for a moment (a first visit's
//   verdicts) or after a read found no whole copy.
// Tried first and not kept: appending each verdict to its package's copy in its write's
// transaction (a first visit of 300 verdicts 8.1 → 11.2 s: each write waited for a chunk's
// read and rewrite), then in batches after the writes, marked meanwhile (still 5–10% slower,
// and small batches made copies of a hundred chunks). Nothing read back is trusted either
// way: the cache validates each verdict, and the lookup matches it by its full key.

export const PACKAGES = 'packages';
/** A copy's chunks read per request (at most COMPACT_CHUNK verdicts each): each is a small piece of main-thread work. */
const COPY_PAGE = 4;
/** Verdicts per chunk of a copy written at once (`writeCopy`). */
export const COMPACT_CHUNK = 64;
/** The copy's shape; a copy of another is not whole. */
const COPY_FORMAT = 1;

/** What the copies are read and written with: the `packages` store, in any transaction (idb's own types are per mode and store). */
export interface CopyStore {
  getAll(range: IDBKeyRange, count?: number): Promise<unknown[]>;
  put(value: unknown, key: IDBValidKey): Promise<IDBValidKey>;
  delete(key: IDBValidKey | IDBKeyRange): Promise<void>;
}

/** The verdicts' index by [scope, key]. */
export interface ScopeIndex {
  getAll(range: IDBKeyRange, count?: number): Promise<unknown[]>;
}

interface CopyHeader {
  format: typeof COPY_FORMAT;
  chunks: number;
}

interface CopyChunk {
  format: typeof COPY_FORMAT;
  entries: unknown[];
}

/** A package's verdict records in the index ([] sorts after strings). */
export const scopeRange = (scope: string) => IDBKeyRange.bound([scope], [scope, []]);
/** Everything of a package's copy: header and chunks. */
export const wholeCopy = (scope: string) => IDBKeyRange.bound([scope, 0], [scope, Infinity]);

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

/** A package's copy, if it is whole: every entry of its chunks, in order; undefined otherwise. The header comes with the first page of chunks. */
export async function readCopy(copies: Pick<CopyStore, 'getAll'>, scope: string): Promise<unknown[] | undefined> {
  const first = await copies.getAll(IDBKeyRange.bound([scope, 0], [scope, COPY_PAGE]));
  const header: unknown = first[0];
  if (!isHeader(header)) return undefined;
  const entries: unknown[] = [];
  let page = first.slice(1);
  let read = 0;
  for (;;) {
    const upper = Math.min(read + COPY_PAGE, header.chunks);
    if (page.length !== upper - read) return undefined;
    for (const chunk of page) {
      if (!isChunk(chunk)) return undefined;
      entries.push(...chunk.entries);
    }
    read = upper;
    if (read >= header.chunks) return entries;
    page = await copies.getAll(
      IDBKeyRange.bound([scope, read + 1], [scope, Math.min(read + COPY_PAGE, header.chunks)]),
    );
  }
}

/** Writes a package's copy from its records; nothing if it has a whole one (or no record). */
export async function writeCopy(copies: CopyStore, scope: string, readRecords: () => Promise<unknown[]>) {
  if ((await readCopy(copies, scope)) !== undefined) return;
  const records = await readRecords();
  await copies.delete(wholeCopy(scope));
  if (records.length === 0) return;
  const chunks = Math.ceil(records.length / COMPACT_CHUNK);
  // A chunk per request: each is serialised in its own task.
  for (let c = 0; c < chunks; c++) {
    const entries = records.slice(c * COMPACT_CHUNK, (c + 1) * COMPACT_CHUNK);
    await copies.put({ format: COPY_FORMAT, entries } satisfies CopyChunk, [scope, c + 1]);
  }
  await copies.put({ format: COPY_FORMAT, chunks } satisfies CopyHeader, [scope, 0]);
}
