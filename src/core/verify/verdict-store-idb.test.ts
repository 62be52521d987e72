// The verdicts' IndexedDB (verdict-store-idb.ts) on fake-indexeddb, an in-memory IndexedDB
// that follows the specification's transactions (https://github.com/dumbmatter/fakeIndexedDB).
// What matters: a package read from its copy is exactly the package read from its records,
// whatever the writes, evictions, clearings and copies written before, between and during.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { VersionRecord } from '../model';
import { verifiedVerification } from '../../../test/support/derived-verification';
import { VERDICT_FORMAT, verdictScope, type StoredVerdict, type VerdictBackend } from './verdict-cache';
import { makeRng } from '../../../test/support/rng';
import { COMPACT_CHUNK, wholeCopy } from './verdict-copies';
import { DB_NAME, indexedDbVerdictBackend } from './verdict-store-idb';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const SCOPES = ['a', 'b', 'c'].map((name) => verdictScope({ base: 'https://registry.example', name }));

function record(name: string, version: string): VersionRecord {
  return {
    name,
    version,
    distTags: [],
    dist: { integrity: `sha512-${version}`, signatures: [] },
    installScripts: {},
    dependencies: {},
  };
}

/** A stored verdict of `scope`'s package; `seq` tells two writes under one key apart. */
function stored(scope: string, key: string, seq: number): StoredVerdict {
  const name = (JSON.parse(scope) as string[])[2] as string;
  const version = `1.0.${key}`;
  const value: StoredVerdict = {
    format: VERDICT_FORMAT,
    name,
    version,
    result: verifiedVerification(record(name, version)),
    scope,
    key,
  };
  return Object.assign(value, { seq });
}

/** What the database holds for a package, by key, read past the backend: the truth a read must give. */
async function truth(scope: string): Promise<Map<string, unknown>> {
  const db = await openDB(DB_NAME);
  try {
    const all = (await db.getAll('verdicts')) as Partial<StoredVerdict>[];
    return new Map(all.filter((v) => v.scope === scope).map((v) => [v.key as string, v]));
  } finally {
    db.close();
  }
}

/** A read as the cache takes it: by key, the later entry of a key winning. */
function byKey(values: unknown[]): Map<string, unknown> {
  return new Map(values.map((v) => [(v as StoredVerdict).key as string, v]));
}

interface Harness {
  backend: VerdictBackend;
  reads: ('copy' | 'records')[];
  /** The copies planned and not yet written: after a read, after writes. */
  planned: { write: () => Promise<void>; after: 'read' | 'writes' }[];
}

function harness(): Harness {
  const reads: Harness['reads'] = [];
  const planned: Harness['planned'] = [];
  const backend = indexedDbVerdictBackend({
    onScopeRead: (_scope, from) => reads.push(from),
    schedule: (write, after) => planned.push({ write, after }),
  });
  if (!backend) throw new Error('no IndexedDB');
  return { backend, reads, planned };
}

/** Runs every deferred write planned so far (and those they plan). */
async function settle(...harnesses: Harness[]): Promise<void> {
  for (;;) {
    const writes = harnesses.flatMap((h) => h.planned.splice(0));
    if (writes.length === 0) return;
    await Promise.all(writes.map(({ write }) => write()));
  }
}

async function copyOf(scope: string): Promise<{ header: unknown; keys: IDBValidKey[] }> {
  const db = await openDB(DB_NAME);
  try {
    return { header: await db.get('packages', [scope, 0]), keys: await db.getAllKeys('packages', wholeCopy(scope)) };
  } finally {
    db.close();
  }
}

describe('the packages’ copies in IndexedDB (DERIVED verdicts, fake-indexeddb)', () => {
  it('a package read gives its records exactly, through random writes, evictions, clearings and copies', async () => {
    for (const seed of [1, 2, 3]) {
      globalThis.indexedDB = new IDBFactory();
      const rng = makeRng(seed);
      // A fraction in [0, 1), the generator's own draw.
      const next = () => rng.int(2 ** 32) / 2 ** 32;
      const { pick } = rng;
      // Two verifier workers write; the main thread reads (and plans copies).
      const workers = [harness(), harness()];
      const main = harness();
      let seq = 0;
      const put = () => {
        const scope = pick(SCOPES);
        const key = String(Math.floor(next() * 60));
        return pick(workers).backend.put(key + scope, stored(scope, key + scope, seq++), seq);
      };
      const all = [...workers, main];
      for (let step = 0; step < 500; step++) {
        const roll = next();
        if (roll < 0.5) {
          await put();
        } else if (roll < 0.62) {
          // Writes and some of the deferred writes at once: their transactions take turns.
          const some = all.flatMap((h) => h.planned.splice(0, Math.floor(next() * 3)));
          await Promise.all([put(), put(), ...some.map(({ write }) => write()), put()]);
        } else if (roll < 0.69) {
          await pick(workers).backend.evictOldest(1 + Math.floor(next() * 6));
        } else if (roll < 0.71) {
          await pick(all).backend.clear();
        } else if (roll < 0.8) {
          await settle(...all);
        } else {
          const scope = pick(SCOPES);
          // Half the reads after every deferred write (as a revisit after a visit that ended).
          if (next() < 0.5) await settle(...all);
          expect(byKey(await main.backend.getScope(scope)), `seed ${seed}, step ${step}`).toEqual(await truth(scope));
        }
      }
      // The copies were read, not only the records (else this compares the records with themselves).
      expect(main.reads.filter((from) => from === 'copy').length).toBeGreaterThan(main.reads.length / 3);
    }
  });

  it('a first visit’s writes make a whole copy once they stop, in chunks of COMPACT_CHUNK; a read finds it', async () => {
    const worker = harness();
    const main = harness();
    const [scope] = SCOPES as [string];
    // More chunks than one request reads.
    const n = COMPACT_CHUNK * 5 + 5;
    for (let i = 0; i < n; i++) await worker.backend.put(`k${i}`, stored(scope, `k${i}`, i), i);
    // Written, no copy yet: the records are read.
    expect(await copyOf(scope)).toEqual({ header: undefined, keys: [] });
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(main.planned.map(({ after }) => after)).toEqual(['read']);
    main.planned.splice(0);
    await settle(worker);
    expect(await copyOf(scope)).toEqual({
      header: { format: 1, chunks: 6 },
      keys: [0, 1, 2, 3, 4, 5, 6].map((c) => [scope, c]),
    });
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(main.reads).toEqual(['records', 'copy']);
  });

  it('a package with records and no copy is read from its records, then copied', async () => {
    const worker = harness();
    const main = harness();
    const [scope] = SCOPES as [string];
    const n = COMPACT_CHUNK * 4 + 10;
    for (let i = 0; i < n; i++) await worker.backend.put(`k${i}`, stored(scope, `k${i}`, i), i);
    await settle(worker);
    const db = await openDB(DB_NAME);
    // As after an eviction of another of its verdicts, and a write whose writer stopped before it wrote a copy.
    await db.delete('packages', wholeCopy(scope));
    await worker.backend.put('late', stored(scope, 'late', n), n);
    worker.planned.splice(0);
    expect(await copyOf(scope)).toEqual({ header: undefined, keys: [] });
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(main.reads).toEqual(['records', 'records']);
    expect(main.planned.map(({ after }) => after)).toEqual(['read']);
    await settle(main);
    expect((await copyOf(scope)).header).toEqual({ format: 1, chunks: 5 });
    db.close();
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(main.reads).toEqual(['records', 'records', 'copy']);
  });

  it('a write makes its package’s copy not whole until it is written again', async () => {
    const worker = harness();
    const main = harness();
    const [scope] = SCOPES as [string];
    for (let i = 0; i < 5; i++) await worker.backend.put(`k${i}`, stored(scope, `k${i}`, i), i);
    await settle(worker);
    await worker.backend.put('k2', stored(scope, 'k2', 99), 99);
    await worker.backend.put('k5', stored(scope, 'k5', 5), 5);
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    await settle(main, worker);
    const db = await openDB(DB_NAME);
    const chunks = (await db.getAll('packages', IDBKeyRange.bound([scope, 1], [scope, Infinity]))) as {
      entries: unknown[];
    }[];
    db.close();
    expect(chunks.flatMap((c) => c.entries)).toHaveLength(6);
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(main.reads).toEqual(['records', 'copy']);
  });

  it('a verdict written before a clearing does not come back in a copy written after it', async () => {
    const worker = harness();
    const main = harness();
    const [scope] = SCOPES as [string];
    await worker.backend.put('k0', stored(scope, 'k0', 0), 0);
    await main.backend.clear();
    await settle(worker);
    expect(await main.backend.getScope(scope)).toEqual([]);
    expect(await copyOf(scope)).toEqual({ header: undefined, keys: [] });
  });

  it('a copy that is not whole or not of this build is not read: the records are', async () => {
    const worker = harness();
    const [scope] = SCOPES as [string];
    for (let i = 0; i < COMPACT_CHUNK + 3; i++) await worker.backend.put(`k${i}`, stored(scope, `k${i}`, i), i);
    await settle(worker);
    const expected = await truth(scope);
    const db = await openDB(DB_NAME);
    const header = (await db.get('packages', [scope, 0])) as { chunks: number };
    const chunks = [await db.get('packages', [scope, 1]), await db.get('packages', [scope, 2])];
    const damages: [string, () => Promise<unknown>][] = [
      ['a chunk missing', () => db.delete('packages', [scope, 2])],
      ['a chunk of another format', () => db.put('packages', { format: 2, entries: [] }, [scope, 2])],
      ['entries not a list', () => db.put('packages', { format: 1, entries: 'all' }, [scope, 1])],
      ['a header counting one chunk more', () => db.put('packages', { ...header, chunks: 3 }, [scope, 0])],
      ['a header of another format', () => db.put('packages', { ...header, format: 2 }, [scope, 0])],
    ];
    for (const [what, damage] of damages) {
      await damage();
      const main = harness();
      expect(byKey(await main.backend.getScope(scope)), what).toEqual(expected);
      expect(main.reads, what).toEqual(['records']);
      // Repaired for the next damage: the copy as it was.
      await db.delete('packages', wholeCopy(scope));
      await db.put('packages', header, [scope, 0]);
      await db.put('packages', chunks[0], [scope, 1]);
      await db.put('packages', chunks[1], [scope, 2]);
      const repaired = harness();
      expect(byKey(await repaired.backend.getScope(scope)), what).toEqual(expected);
      expect(repaired.reads, what).toEqual(['copy']);
    }
    db.close();
  });

  it('clearing and eviction leave no copy holding what they deleted', async () => {
    const worker = harness();
    const main = harness();
    const [a, b] = SCOPES as [string, string];
    for (let i = 0; i < 10; i++) {
      await worker.backend.put(`a${i}`, stored(a, `a${i}`, i), i);
      await worker.backend.put(`b${i}`, stored(b, `b${i}`, i), 100 + i);
    }
    await settle(worker);
    // The oldest two are a's: its copy goes, b's stays.
    await worker.backend.evictOldest(2);
    expect((await main.backend.getScope(a)).length).toBe(8);
    expect((await main.backend.getScope(b)).length).toBe(10);
    expect(main.reads).toEqual(['records', 'copy']);
    await worker.backend.clear();
    expect(await main.backend.getScope(b)).toEqual([]);
  });
});
