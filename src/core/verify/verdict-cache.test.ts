import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VersionRecord, VersionVerification } from '../model';
import {
  absentVerification,
  failedVerification,
  unavailableVerification,
  verifiedVerification,
} from '../../../test/support/derived-verification';
import {
  createVerdictCache,
  fetchKind,
  isCacheableVerdict,
  isStoredVerdict,
  memoryVerdictBackend,
  TOUCH_DELAY_MS,
  VERDICT_FORMAT,
  verdictKey,
  verdictScope,
  type VerdictKeyInput,
} from './verdict-cache';

function record(version: string, changes: Partial<VersionRecord['dist']> = {}): VersionRecord {
  return {
    name: 'demo',
    version,
    distTags: [],
    dist: {
      integrity: `sha512-${version}`,
      signatures: [{ keyid: 'SHA256:key', sig: `sig-${version}` }],
      attestations: { url: `https://registry.example/-/npm/v1/attestations/demo@${version}` },
      ...changes,
    },
    installScripts: {},
    dependencies: {},
  };
}

const baseInput: VerdictKeyInput = {
  base: 'https://registry.npmjs.org',
  record: record('1.0.0'),
  trustedRootDigest: 'root-a',
  npmKeysDigest: 'keys-a',
  verifier: 'build-a',
};

describe('verdictKey (DERIVED records)', () => {
  it('is the same for the same inputs and a 64-digit hex digest', async () => {
    const key = await verdictKey(baseInput);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await verdictKey({ ...baseInput, record: record('1.0.0') })).toBe(key);
  });

  it('changes with every input a verdict depends on', async () => {
    const key = await verdictKey(baseInput);
    const variants: [string, VerdictKeyInput][] = [
      ['registry', { ...baseInput, base: 'https://registry.example' }],
      ['attestation proxy', { ...baseInput, attestationProxy: 'https://proxy.example' }],
      ['version', { ...baseInput, record: record('1.0.1') }],
      ['name', { ...baseInput, record: { ...record('1.0.0'), name: 'other' } }],
      ['publish time', { ...baseInput, record: { ...record('1.0.0'), publishedAt: '2024-01-02T03:04:05.000Z' } }],
      ['integrity', { ...baseInput, record: record('1.0.0', { integrity: 'sha512-other' }) }],
      ['registry signature', { ...baseInput, record: record('1.0.0', { signatures: [{ keyid: 'k', sig: 's' }] }) }],
      ['attestation claim', { ...baseInput, record: record('1.0.0', { attestations: undefined }) }],
      ['trusted root', { ...baseInput, trustedRootDigest: 'root-b' }],
      ['npm keys', { ...baseInput, npmKeysDigest: 'keys-b' }],
      ['verifier build', { ...baseInput, verifier: 'build-b' }],
    ];
    const keys = await Promise.all(variants.map(([, input]) => verdictKey(input)));
    for (const [i, [what]] of variants.entries()) expect(keys[i], what).not.toBe(key);
    expect(new Set(keys).size).toBe(variants.length);
  });
});

describe('isCacheableVerdict (DERIVED results)', () => {
  const r = record('1.0.0');
  it('keeps verified, failed and absent verdicts of real verification', () => {
    expect(isCacheableVerdict(verifiedVerification(r), 'fetched')).toBe(true);
    expect(isCacheableVerdict(failedVerification(r), 'fetched')).toBe(true);
    expect(isCacheableVerdict(absentVerification(r), 'not-claimed')).toBe(true);
  });

  it('never keeps what a fetch failure or an odd response produced', () => {
    expect(isCacheableVerdict(unavailableVerification(r), 'unavailable')).toBe(false);
    // Even if the status were final: the attestations were not read.
    expect(isCacheableVerdict(verifiedVerification(r), 'unavailable')).toBe(false);
    expect(isCacheableVerdict(failedVerification(r), 'malformed')).toBe(false);
    // A registry-signature failure while the attestations could not be fetched.
    const failedUnread: VersionVerification = { ...unavailableVerification(r), status: 'failed' };
    expect(isCacheableVerdict(failedUnread, 'fetched')).toBe(false);
  });

  it('tells an attestation list from any other response', () => {
    expect(fetchKind({ kind: 'fetched', body: { attestations: [] } })).toBe('fetched');
    expect(fetchKind({ kind: 'fetched', body: { error: 'not found' } })).toBe('malformed');
    expect(fetchKind({ kind: 'fetched', body: '<html>' })).toBe('malformed');
    expect(fetchKind({ kind: 'unavailable', reason: 'HTTP 503' })).toBe('unavailable');
    expect(fetchKind({ kind: 'not-claimed' })).toBe('not-claimed');
  });
});

describe('createVerdictCache on the memory backend (DERIVED results)', () => {
  it('gives back what was stored, and misses what was not', async () => {
    const cache = createVerdictCache(memoryVerdictBackend());
    const r = record('1.0.0');
    await cache.put('k1', verifiedVerification(r));
    const [hit, miss] = await cache.getMany(['k1', 'k2'], [r, record('2.0.0')]);
    expect(hit).toEqual(verifiedVerification(r));
    expect(miss).toBeUndefined();
  });

  it('evicts the least recently used beyond its cap', async () => {
    let clock = 0;
    const cache = createVerdictCache(memoryVerdictBackend(), { cap: 3, checkEvery: 1, now: () => ++clock });
    const records = ['1.0.0', '2.0.0', '3.0.0', '4.0.0'].map((v) => record(v));
    const [r1, r2, r3, r4] = records as [VersionRecord, VersionRecord, VersionRecord, VersionRecord];
    await cache.put('k1', verifiedVerification(r1));
    await cache.put('k2', verifiedVerification(r2));
    await cache.put('k3', verifiedVerification(r3));
    // k1 is read again: k2 is now the least recently used.
    expect((await cache.getMany(['k1'], [r1]))[0]).toBeDefined();
    await cache.put('k4', verifiedVerification(r4));
    const found = await cache.getMany(['k1', 'k2', 'k3', 'k4'], records);
    expect(found.map((f) => f?.version)).toEqual(['1.0.0', undefined, '3.0.0', '4.0.0']);
  });

  it('ignores corrupt, foreign and unknown records', async () => {
    const backend = memoryVerdictBackend();
    const cache = createVerdictCache(backend);
    const r = record('1.0.0');
    const good = { format: VERDICT_FORMAT, name: 'demo', version: '1.0.0', result: verifiedVerification(r) } as const;
    const bad: [string, unknown][] = [
      ['not an object', 'verified'],
      ['another format', { ...good, format: VERDICT_FORMAT + 1 }],
      ['no result', { ...good, result: undefined }],
      ['an unknown status', { ...good, result: { ...good.result, status: 'trusted' } }],
      ['unavailable', { ...good, result: unavailableVerification(r) }],
      ['steps not a list', { ...good, result: { ...good.result, steps: 'pass' } }],
      [
        'a step without outcome',
        { ...good, result: { ...good.result, steps: [{ step: 'x', code: 'OK', message: '' }] } },
      ],
      ['another version inside', { ...good, result: verifiedVerification(record('9.9.9')) }],
    ];
    for (const [what, value] of bad) {
      await backend.put(what, value as never, 0);
      expect(isStoredVerdict(value), what).toBe(false);
      expect((await cache.getMany([what], [r]))[0], what).toBeUndefined();
    }
    // A valid record read back for another version than asked is not an answer either.
    await backend.put('good', good, 0);
    expect((await cache.getMany(['good'], [record('2.0.0')]))[0]).toBeUndefined();
    expect((await cache.getMany(['good'], [r]))[0]).toEqual(good.result);
  });

  it('a new verifier build misses what the previous one stored', async () => {
    const cache = createVerdictCache(memoryVerdictBackend());
    const r = record('1.0.0');
    await cache.put(await verdictKey({ ...baseInput, record: r }), verifiedVerification(r));
    const before = await verdictKey({ ...baseInput, record: r });
    const after = await verdictKey({ ...baseInput, record: r, verifier: 'build-b' });
    expect((await cache.getMany([before], [r]))[0]).toBeDefined();
    expect((await cache.getMany([after], [r]))[0]).toBeUndefined();
  });

  it("reads a package's verdicts by scope, by the key each is stored under, and nothing else", async () => {
    const backend = memoryVerdictBackend();
    const cache = createVerdictCache(backend);
    const scope = verdictScope({ base: 'https://registry.npmjs.org', name: 'demo' });
    const other = verdictScope({ base: 'https://registry.npmjs.org', attestationProxy: 'https://proxy', name: 'demo' });
    const [r1, r2, r3] = ['1.0.0', '2.0.0', '3.0.0'].map((v) => record(v)) as [
      VersionRecord,
      VersionRecord,
      VersionRecord,
    ];
    await cache.put('k1', verifiedVerification(r1), scope);
    await cache.put('k2', failedVerification(r2), scope);
    await cache.put('k3', verifiedVerification(r3), other);
    // Written without a scope (an earlier version of the store): never found by it.
    await cache.put('k4', verifiedVerification(r3));
    // Not a verdict, or another package's, under this scope.
    await backend.put('k5', { format: VERDICT_FORMAT, name: 'demo', version: '4.0.0', scope, key: 'k5' } as never, 0);
    const foreign = verifiedVerification({ ...r1, name: 'other' });
    await backend.put(
      'k6',
      { format: VERDICT_FORMAT, name: 'other', version: '1.0.0', result: foreign, scope, key: 'k6' },
      0,
    );
    const found = await cache.readScope(scope, 'demo');
    expect([...found.keys()].sort()).toEqual(['k1', 'k2']);
    expect(found.get('k2')).toEqual(failedVerification(r2));
    expect([...(await cache.readScope(other, 'demo')).keys()]).toEqual(['k3']);
  });

  it('clear forgets everything and says how much', async () => {
    const cache = createVerdictCache(memoryVerdictBackend());
    const r = record('1.0.0');
    await cache.put('k1', verifiedVerification(r));
    await cache.put('k2', absentVerification(record('2.0.0')));
    expect(await cache.clear()).toBe(2);
    expect((await cache.getMany(['k1'], [r]))[0]).toBeUndefined();
  });
});

describe('marking verdicts used (DERIVED keys)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A memory backend whose touches are recorded: each call's keys, and how many tasks had run before it. */
  function recordingBackend() {
    const backend = memoryVerdictBackend();
    const touches: string[][] = [];
    return {
      touches,
      backend: {
        ...backend,
        touch: (keys: string[], at: number) => {
          touches.push(keys);
          return backend.touch(keys, at);
        },
      },
    };
  }

  it('writes nothing while the reads that found them are answered, then a slice per task', async () => {
    vi.useFakeTimers();
    const { backend, touches } = recordingBackend();
    const cache = createVerdictCache(backend);
    const keys = Array.from({ length: 600 }, (_, i) => `k${i}`);
    cache.markUsed(keys);
    await vi.advanceTimersByTimeAsync(TOUCH_DELAY_MS - 1);
    expect(touches).toEqual([]);
    // The first slice once the delay is over; the others each wait for a timer of their own.
    await vi.advanceTimersByTimeAsync(1);
    expect(touches.map((t) => t.length)).toEqual([250]);
    await vi.runAllTimersAsync();
    expect(touches.map((t) => t.length)).toEqual([250, 250, 100]);
    expect(touches.flat()).toEqual(keys);
  });

  it('a read that hits marks its keys used; uses marked after a write are written in turn', async () => {
    vi.useFakeTimers();
    const { backend, touches } = recordingBackend();
    const cache = createVerdictCache(backend);
    const r1 = record('1.0.0');
    await cache.put('k1', verifiedVerification(r1));
    await cache.getMany(['k1', 'missing'], [r1, record('2.0.0')]);
    await vi.advanceTimersByTimeAsync(TOUCH_DELAY_MS);
    cache.markUsed(['k2']);
    await vi.runAllTimersAsync();
    expect(touches).toEqual([['k1'], ['k2']]);
  });

  it('an eviction first writes the uses marked so far, so the least recently used is the one to go', async () => {
    let clock = 0;
    const { backend, touches } = recordingBackend();
    const cache = createVerdictCache(backend, { cap: 2, checkEvery: 1, now: () => ++clock });
    const [r1, r2, r3] = ['1.0.0', '2.0.0', '3.0.0'].map((v) => record(v)) as [
      VersionRecord,
      VersionRecord,
      VersionRecord,
    ];
    await cache.put('k1', verifiedVerification(r1));
    await cache.put('k2', verifiedVerification(r2));
    cache.markUsed(['k1']);
    await cache.put('k3', verifiedVerification(r3));
    expect(touches).toEqual([['k1']]);
    const found = await cache.getMany(['k1', 'k2', 'k3'], [r1, r2, r3]);
    expect(found.map((f) => f?.version)).toEqual(['1.0.0', undefined, '3.0.0']);
  });
});
