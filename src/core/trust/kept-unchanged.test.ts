// Differential test of the revisit's shortcut (kept-unchanged.ts): the same kept metadata
// and the same repository given to both pipelines, tuf-js's whole refresh
// (resolveTrustedRoot) and the two parts with the shortcut (resolveInTwoParts, as the
// trust worker runs them), on derived TUF repositories: unchanged, updated, rolled back,
// rotated, unreachable, expiring, and with random changes to the timestamp's bytes. The
// two must give the same state every time; the shortcut must be taken only when the
// repository is unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTufRepositories, type TufRepositorySet } from '../../../e2e/fixture-registry/tuf-repository';
import { resolveFixturesDir, readFixture } from '../../../test/support/fixtures';
import { makeRng } from '../../../test/support/rng';
import { TUF_MIRROR as MIRROR, tufReply } from '../../../test/support/tuf-mirror';
import type { FetchLike } from '../net/http-client';
import { EXPIRY_MARGIN_MS } from './kept-unchanged';
import { resolveInTwoParts, type ResolveOptions } from './resolve-start';
import { finishResolution, resolveTrustedRoot, type BundledTrust } from './resolve-trusted-root';
import { memoryTufCache, type TufCacheEntry } from './tuf-cache';
import type { TrustedRootState } from './trust-state';

const FIXTURES_DIR = resolveFixturesDir();
const publicGoodText = readFileSync(join(FIXTURES_DIR, 'sigstore/trusted-roots/public-good.json'), 'utf8');
const npmKeysText = readFileSync(join(FIXTURES_DIR, 'registry/keys/registry-keys.tuf-target.json'), 'utf8');
const DAY = 86_400_000;
// Ed25519 test keys (the builder's default): signatures are deterministic, so the same
// repository state built twice is the same bytes, as a repository that did not change.
const repos = buildTufRepositories({ trustedRoot: publicGoodText, npmKeys: npmKeysText });
const bundled: BundledTrust = {
  tufRoot: repos.initialRoot,
  trustedRoot: readFixture('sigstore/trusted-roots/public-good-older.json'),
  npmKeys: { keys: [] },
};

/** Path → bytes or an HTTP status or a network failure, served at MIRROR. */
type Served = Map<string, string | Uint8Array | number | Error>;

function serveFrom(files: Served): FetchLike {
  return (url, init) => {
    if (init.signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
    const answer = url.startsWith(`${MIRROR}/`) ? files.get(url.slice(MIRROR.length + 1)) : undefined;
    if (answer instanceof Error) return Promise.reject(answer);
    if (typeof answer === 'number') return Promise.resolve(new Response('no', { status: answer }));
    if (answer instanceof Uint8Array) return Promise.resolve(new Response(answer.slice(), { status: 200 }));
    return Promise.resolve(
      tufReply(new Map(answer === undefined ? [] : [[url.slice(MIRROR.length + 1), answer]]), url),
    );
  };
}

function options(set: TufRepositorySet, fetchImpl: FetchLike, entry: TufCacheEntry | undefined, namespace: string) {
  const cache = memoryTufCache();
  if (entry) void cache.save(namespace, structuredClone(entry));
  return {
    settings: { mirrorUrl: MIRROR, initialRoot: set.initialRoot },
    bundled,
    cache,
    fetchImpl,
    budgetMs: 10_000,
  } satisfies ResolveOptions;
}

/** A first visit to `files`: what it kept, and under which key. */
async function firstVisit(set: TufRepositorySet, files: Map<string, string>) {
  const saved: { namespace: string; entry: TufCacheEntry }[] = [];
  const cache = memoryTufCache();
  const state = await resolveTrustedRoot({
    ...options(set, serveFrom(new Map(files)), undefined, ''),
    cache: { load: cache.load, save: async (namespace, entry) => void saved.push({ namespace, entry }) },
  });
  expect(state).toMatchObject({ source: 'tuf' });
  const kept = saved[0];
  if (!kept) throw new Error('the first visit kept nothing');
  return kept;
}

/** Both pipelines on the same kept metadata and the same repository. */
async function bothWays(set: TufRepositorySet, kept: { namespace: string; entry: TufCacheEntry }, served: Served) {
  const reference = await resolveTrustedRoot(options(set, serveFrom(served), kept.entry, kept.namespace));
  let loaded = false;
  const twoParts = await resolveInTwoParts(options(set, serveFrom(served), kept.entry, kept.namespace), () => {
    loaded = true;
    return Promise.resolve({ finishResolution });
  });
  return { reference: comparable(reference), twoParts: comparable(twoParts), shortcut: !loaded };
}

/** The state without the time it was decided at. */
function comparable(state: TrustedRootState): Omit<TrustedRootState, 'verifiedAt'> {
  const rest: Partial<TrustedRootState> = { ...state };
  delete rest.verifiedAt;
  return rest as Omit<TrustedRootState, 'verifiedAt'>;
}

const at = (versions: { timestamp: number; snapshot: number }, set = repos): Served => new Map(set.validAt(versions));

describe('the revisit decided from the kept metadata when the repository is unchanged (differential, derived)', () => {
  afterEach(() => vi.useRealTimers());

  it('derived: the same repository again → the same state as tuf-js, without loading it', async () => {
    const kept = await firstVisit(repos, repos.validAt({ timestamp: 3, snapshot: 3 }));
    const { reference, twoParts, shortcut } = await bothWays(repos, kept, at({ timestamp: 3, snapshot: 3 }));
    expect(reference).toMatchObject({ source: 'tuf', tuf: { root: 2, timestamp: 3, snapshot: 3, targets: 1 } });
    expect(reference.reasonCode).toBeUndefined();
    expect(twoParts).toEqual(reference);
    expect(shortcut).toBe(true);
  });

  it.each([
    ['a newer timestamp (followed)', () => at({ timestamp: 4, snapshot: 4 }), { source: 'tuf' }],
    ['an older timestamp (a rollback)', () => at({ timestamp: 2, snapshot: 3 }), { reasonCode: 'rollback' }],
    [
      'a root rotated since (3.root.json, not validly signed)',
      () => at({ timestamp: 3, snapshot: 3 }).set('3.root.json', repos.initialRoot),
      { source: 'bundled' },
    ],
    [
      'the next root version answering 500',
      () => at({ timestamp: 3, snapshot: 3 }).set('3.root.json', 500),
      { source: 'cached', reasonCode: 'unreachable' },
    ],
    [
      'the timestamp unreachable',
      () => at({ timestamp: 3, snapshot: 3 }).set('timestamp.json', new TypeError('Failed to fetch')),
      { source: 'cached', reasonCode: 'unreachable' },
    ],
    [
      'the same timestamp with a byte order mark (JSON.parse refuses it)',
      () => {
        const served = at({ timestamp: 3, snapshot: 3 });
        return served.set('timestamp.json', `\uFEFF${served.get('timestamp.json') as string}`);
      },
      { source: 'bundled', reasonCode: 'invalid' },
    ],
    [
      'the same timestamp, reformatted (other bytes, the same signed content)',
      () => {
        const served = at({ timestamp: 3, snapshot: 3 });
        return served.set('timestamp.json', `${served.get('timestamp.json') as string}\n`);
      },
      { source: 'tuf' },
    ],
  ] as const)('derived: %s → the same state as tuf-js, which decides it', async (_, serve, expected) => {
    const kept = await firstVisit(repos, repos.validAt({ timestamp: 3, snapshot: 3 }));
    const { reference, twoParts, shortcut } = await bothWays(repos, kept, serve());
    expect(reference).toMatchObject(expected);
    expect(twoParts).toEqual(reference);
    expect(shortcut).toBe(false);
  });

  it('derived: kept metadata that expires within the margin, or has expired → tuf-js decides (accepted, then refused)', async () => {
    // The timestamp expires 7 days after the repository's `now`: here within the margin.
    const soon = buildTufRepositories({
      trustedRoot: publicGoodText,
      npmKeys: npmKeysText,
      now: new Date(Date.now() - 7 * DAY + EXPIRY_MARGIN_MS / 2),
    });
    const keptSoon = await firstVisit(soon, soon.validAt({ timestamp: 1, snapshot: 1 }));
    const notYet = await bothWays(soon, keptSoon, at({ timestamp: 1, snapshot: 1 }, soon));
    expect(notYet.reference).toMatchObject({ source: 'tuf' });
    expect(notYet.twoParts).toEqual(notYet.reference);
    expect(notYet.shortcut).toBe(false);

    // Kept a day before its timestamp expired; revisited a day after.
    const past = buildTufRepositories({
      trustedRoot: publicGoodText,
      npmKeys: npmKeysText,
      now: new Date(Date.now() - 8 * DAY),
    });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 2 * DAY });
    const keptPast = await firstVisit(past, past.validAt({ timestamp: 1, snapshot: 1 }));
    vi.useRealTimers();
    const expired = await bothWays(past, keptPast, at({ timestamp: 1, snapshot: 1 }, past));
    expect(expired.reference).toMatchObject({ source: 'bundled', reasonCode: 'expired' });
    expect(expired.twoParts).toEqual(expired.reference);
    expect(expired.shortcut).toBe(false);
  });

  it('derived: kept targets that the kept metadata does not vouch for are not used by the shortcut either', async () => {
    const kept = await firstVisit(repos, repos.validAt({ timestamp: 3, snapshot: 3 }));
    // npm's keys missing from what was kept: left to tuf-js, which downloads them again.
    const rest = { ...kept.entry.targets };
    delete rest['registry.npmjs.org/keys.json'];
    const partial = { ...kept, entry: { ...kept.entry, targets: rest } };
    const { reference, twoParts, shortcut } = await bothWays(repos, partial, at({ timestamp: 3, snapshot: 3 }));
    expect(reference).toMatchObject({ source: 'tuf', npmKeys: JSON.parse(npmKeysText) as unknown });
    expect(twoParts).toEqual(reference);
    expect(shortcut).toBe(false);
  });

  it('derived: a repository that never answers: the wait for it is bounded, then tuf-js falls back to the kept copy', async () => {
    const kept = await firstVisit(repos, repos.validAt({ timestamp: 3, snapshot: 3 }));
    const hanging: FetchLike = (_, init) =>
      new Promise<Response>((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true }),
      );
    let loaded = false;
    const state = await resolveInTwoParts(
      { ...options(repos, hanging, kept.entry, kept.namespace), budgetMs: 100 },
      () => {
        loaded = true;
        return Promise.resolve({ finishResolution });
      },
    );
    expect(loaded).toBe(true);
    expect(state).toMatchObject({ source: 'cached', reasonCode: 'timeout' });
  });

  it('derived: random changes to the timestamp bytes → the same state as tuf-js every time, never the shortcut', async () => {
    const kept = await firstVisit(repos, repos.validAt({ timestamp: 3, snapshot: 3 }));
    const original = new TextEncoder().encode(at({ timestamp: 3, snapshot: 3 }).get('timestamp.json') as string);
    const random = makeRng(0x7e57);
    for (let round = 0; round < 24; round++) {
      const bytes = original.slice();
      const index = random.int(bytes.length);
      bytes[index] = (bytes[index] as number) ^ (1 + random.int(255));
      const served = at({ timestamp: 3, snapshot: 3 }).set('timestamp.json', bytes);
      const { reference, twoParts, shortcut } = await bothWays(repos, kept, served);
      expect(twoParts, `byte ${index} changed`).toEqual(reference);
      expect(shortcut).toBe(false);
    }
  });
});
