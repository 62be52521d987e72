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
import { APPEND_CHUNK, COMPACT_CHUNK, DB_NAME, indexedDbVerdictBackend } from './verdict-store-idb';

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
  return Object.assign(
    { format: VERDICT_FORMAT, name, version, result: verifiedVerification(record(name, version)), scope, key },
    { seq },
  );
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
  /** The copies planned and not yet written. */
  planned: (() => Promise<void>)[];
}

function harness(): Harness {
  const reads: Harness['reads'] = [];
  const planned: Harness['planned'] = [];
  const backend = indexedDbVerdictBackend({
    onScopeRead: (_scope, from) => reads.push(from),
    schedule: (write) => planned.push(write),
  });
  if (!backend) throw new Error('no IndexedDB');
  return { backend, reads, planned };
}

/** A small seeded generator (mulberry32): the same operations on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the packages’ copies in IndexedDB (DERIVED verdicts, fake-indexeddb)', () => {
  it('a package read gives its records exactly, through random writes, evictions, clearings and copies', async () => {
    for (const seed of [1, 2, 3]) {
      globalThis.indexedDB = new IDBFactory();
      const next = random(seed);
      const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
      // Two verifier workers write; the main thread reads (and plans copies).
      const workers = [harness(), harness()];
      const main = harness();
      let seq = 0;
      const put = () => {
        const scope = pick(SCOPES);
        const key = String(Math.floor(next() * 60));
        return pick(workers).backend.put(key + scope, stored(scope, key + scope, seq++), seq);
      };
      for (let step = 0; step < 400; step++) {
        const roll = next();
        if (roll < 0.55) {
          await put();
        } else if (roll < 0.65) {
          // Writes and a planned copy at once: their transactions take turns.
          const copies = main.planned.splice(0).map((write) => write());
          await Promise.all([put(), put(), ...copies, put()]);
        } else if (roll < 0.73) {
          await pick(workers).backend.evictOldest(1 + Math.floor(next() * 6));
        } else if (roll < 0.75) {
          await pick([...workers, main]).backend.clear();
        } else if (roll < 0.8) {
          await Promise.all(main.planned.splice(0).map((write) => write()));
        } else {
          const scope = pick(SCOPES);
          expect(byKey(await main.backend.getScope(scope)), `seed ${seed}, step ${step}`).toEqual(await truth(scope));
        }
      }
      // The copies were read, not only the records (else this compares the records with themselves).
      expect(main.reads.filter((from) => from === 'copy').length).toBeGreaterThan(main.reads.length / 3);
    }
  });

  it('a first visit’s writes make a whole copy, in chunks of APPEND_CHUNK; a read finds it', async () => {
    const worker = harness();
    const main = harness();
    const [scope] = SCOPES as [string];
    const n = APPEND_CHUNK * 2 + 5;
    for (let i = 0; i < n; i++) await worker.backend.put(`k${i}`, stored(scope, `k${i}`, i), i);
    const db = await openDB(DB_NAME);
    expect(await db.get('packages', [scope, 0])).toEqual({ format: 1, chunks: 3 });
    db.close();
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(main.reads).toEqual(['copy']);
    expect(main.planned).toHaveLength(0);
  });

  it('a package with records and no copy is read from its records, then copied once (COMPACT_CHUNK a chunk)', async () => {
    const worker = harness();
    const main = harness();
    const [scope] = SCOPES as [string];
    const n = COMPACT_CHUNK + 10;
    for (let i = 0; i < n; i++) await worker.backend.put(`k${i}`, stored(scope, `k${i}`, i), i);
    const db = await openDB(DB_NAME);
    // As after an eviction of another of its verdicts: records, no copy.
    await db.delete('packages', IDBKeyRange.bound([scope, 0], [scope, Infinity]));
    await worker.backend.put('late', stored(scope, 'late', n), n);
    expect(await db.get('packages', [scope, 0])).toBeUndefined();
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(main.reads).toEqual(['records', 'records']);
    expect(main.planned).toHaveLength(1);
    await main.planned.splice(0)[0]?.();
    expect(await db.get('packages', [scope, 0])).toEqual({ format: 1, chunks: 2 });
    db.close();
    await worker.backend.put('later', stored(scope, 'later', n + 1), n + 1);
    expect(byKey(await main.backend.getScope(scope))).toEqual(await truth(scope));
    expect(main.reads).toEqual(['records', 'records', 'copy']);
  });

  it('a copy that is not whole or not of this build is not read: the records are', async () => {
    const worker = harness();
    const [scope] = SCOPES as [string];
    for (let i = 0; i < APPEND_CHUNK + 3; i++) await worker.backend.put(`k${i}`, stored(scope, `k${i}`, i), i);
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
      // Repaired for the next damage: the worker's copy as it was.
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
    // The oldest two are a's: its copy goes, b's stays.
    await worker.backend.evictOldest(2);
    expect((await main.backend.getScope(a)).length).toBe(8);
    expect((await main.backend.getScope(b)).length).toBe(10);
    expect(main.reads).toEqual(['records', 'copy']);
    await worker.backend.clear();
    expect(await main.backend.getScope(b)).toEqual([]);
  });
});
