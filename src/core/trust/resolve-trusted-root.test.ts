import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTufRepositories, type TufCaseName } from '../../../e2e/fixture-registry/tuf-repository';
import type { FetchLike } from '../net/http-client';
import { readFixture, resolveFixturesDir } from '../../../test/support/fixtures';

const FIXTURES_DIR = resolveFixturesDir();
import { fakeFetch, hangingFetch } from '../../../test/support/fake-fetch';
import { TUF_MIRROR, serveTufFiles, tufReply } from '../../../test/support/tuf-mirror';
import { resolveInTwoParts, startResolution } from './resolve-start';
import { finishResolution, resolveTrustedRoot, type BundledTrust } from './resolve-trusted-root';
import { memoryTufCache, type TufCache } from './tuf-cache';
import { describeTrustState, trustedRootDate } from './trust-state';

const MIRROR = TUF_MIRROR;
const publicGoodText = readFileSync(join(FIXTURES_DIR, 'sigstore/trusted-roots/public-good.json'), 'utf8');
const npmKeysText = readFileSync(join(FIXTURES_DIR, 'registry/keys/registry-keys.tuf-target.json'), 'utf8');
const repos = buildTufRepositories({ trustedRoot: publicGoodText, npmKeys: npmKeysText });
// The bundled copy is the older public-good root, so a test can tell which one is in use.
const bundled: BundledTrust = {
  tufRoot: repos.initialRoot,
  trustedRoot: readFixture('sigstore/trusted-roots/public-good-older.json'),
  npmKeys: { keys: [] },
};

/** Serves one derived repository's files at MIRROR, 404 for anything else. */
function serve(name: TufCaseName): { fetchImpl: FetchLike; urls: () => string[] } {
  return serveTufFiles(repos.cases[name]);
}

/** The `valid` repository, whose `file` answers HTTP 503 to its first `failures` requests. */
function serveFailingFirst(file: string, failures: number) {
  const files = repos.cases.valid;
  let asked = 0;
  return fakeFetch((url) => {
    if (url === `${MIRROR}/${file}` && ++asked <= failures) return new Response('busy', { status: 503 });
    return tufReply(files, url);
  });
}

function resolveWith(fetchImpl: FetchLike, cache: TufCache = memoryTufCache(), budgetMs = 10_000) {
  // The derived repositories are signed with test keys (a private instance): their initial root is given.
  return resolveTrustedRoot({
    settings: { mirrorUrl: MIRROR, initialRoot: repos.initialRoot },
    bundled,
    cache,
    fetchImpl,
    budgetMs,
  });
}

/** Both parts, the second one given by `finish` (the trust worker's chunk, loaded or not). */
function resolveInParts(fetchImpl: FetchLike, budgetMs: number, finish: Parameters<typeof resolveInTwoParts>[1]) {
  return resolveInTwoParts(
    {
      settings: { mirrorUrl: MIRROR, initialRoot: repos.initialRoot },
      bundled,
      cache: memoryTufCache(),
      fetchImpl,
      budgetMs,
    },
    finish,
  );
}

describe('resolveTrustedRoot on derived TUF repositories', () => {
  it('derived valid repository: follows the root rotation and uses its trusted_root.json and npm keys', async () => {
    const state = await resolveWith(serve('valid').fetchImpl);
    expect(state.source).toBe('tuf');
    expect(state.reasonCode).toBeUndefined();
    expect(state.trustedRoot).toEqual(JSON.parse(publicGoodText));
    expect(state.npmKeys).toEqual(JSON.parse(npmKeysText));
    expect(state.tuf).toMatchObject({ root: 2, timestamp: 1, snapshot: 1, targets: 1 });
    expect(state.updated).toBe(trustedRootDate(JSON.parse(publicGoodText)));
    expect(state.updated).not.toBe(trustedRootDate(bundled.trustedRoot));
    expect(describeTrustState(state)).toContain(`from the TUF repository ${MIRROR}`);
  });

  it.each([
    ['expired-timestamp', 'expired', /timestamp\.json has expired \(Final timestamp\.json is expired\)/],
    ['rollback', 'rollback', /root version 2 has a version older than.*a rollback \(Expected version 2, got 1\)/],
    [
      'too-few-signatures',
      'too-few-signatures',
      /timestamp\.json is not signed by enough of the keys.*\(timestamp was signed by 1\/2 keys\)/,
    ],
    [
      'unsigned-rotation',
      'root-rotation-unsigned',
      /the new root \(version 2\) is not signed by a threshold of the trusted root's keys \(version 1\).*\(root was signed by 0\/1 keys\)/,
    ],
  ] as const)(
    'derived %s repository: refused with its reason, falls back to the bundled root',
    async (name, code, reason) => {
      const state = await resolveWith(serve(name).fetchImpl);
      expect(state.source).toBe('bundled');
      expect(state.reasonCode).toBe(code);
      expect(state.reason).toMatch(reason);
      expect(state.trustedRoot).toBe(bundled.trustedRoot);
      expect(describeTrustState(state)).toContain('bundled with this build');
      expect(describeTrustState(state)).toContain(state.reason);
    },
  );

  it('unreachable repository, nothing cached: the bundled root, saying the repository could not be reached', async () => {
    const state = await resolveWith(fakeFetch(new TypeError('Failed to fetch')).fetchImpl);
    expect(state).toMatchObject({ source: 'bundled', reasonCode: 'unreachable' });
    expect(state.reason).toMatch(
      /could not be read at root version 2: it could not be reached \(offline, a wrong address, or no CORS headers\)/,
    );
  });

  it('a repository that never answers: the bundled root once the budget is spent, even if the fetch ignores the abort', async () => {
    const ignoresAbort: FetchLike = () => new Promise<Response>(() => undefined);
    const state = await resolveWith(ignoresAbort, memoryTufCache(), 50);
    expect(state).toMatchObject({ source: 'bundled', reasonCode: 'timeout' });
    expect(state.reason).toBe(`the TUF repository ${MIRROR} did not answer within 0.1 s.`);
    const aborts = await resolveWith(hangingFetch().fetchImpl, memoryTufCache(), 50);
    expect(aborts).toMatchObject({ source: 'bundled', reasonCode: 'timeout' });
  });

  it('derived valid repository verified once, then unreachable: the copy kept from the first visit (cached)', async () => {
    const cache = memoryTufCache();
    const first = await resolveWith(serve('valid').fetchImpl, cache);
    expect(first.source).toBe('tuf');
    await new Promise((resolve) => setTimeout(resolve, 0)); // the save is not awaited by resolve
    const second = await resolveWith(fakeFetch(new TypeError('Failed to fetch')).fetchImpl, cache);
    expect(second).toMatchObject({ source: 'cached', reasonCode: 'unreachable', verifiedAt: first.verifiedAt });
    expect(second.trustedRoot).toEqual(JSON.parse(publicGoodText));
    expect(describeTrustState(second)).toContain('kept in this browser');
  });

  it('derived valid repository on a later visit: only refreshes (no target downloaded again)', async () => {
    const cache = memoryTufCache();
    await resolveWith(serve('valid').fetchImpl, cache);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const again = serve('valid');
    const started = startResolution({
      settings: { mirrorUrl: MIRROR, initialRoot: repos.initialRoot },
      bundled,
      cache,
      fetchImpl: again.fetchImpl,
      budgetMs: 10_000,
    });
    await started.prepared;
    // The timestamp and the version after the initial root's (2) are asked for at once; the
    // root kept from the first visit is already 2 (a rotation since the initial root), so
    // the first part asks for 3, the refresh's first question, once it has read it.
    expect(again.urls()).toEqual([`${MIRROR}/timestamp.json`, `${MIRROR}/2.root.json`, `${MIRROR}/3.root.json`]);
    const state = await finishResolution(started);
    expect(state.source).toBe('tuf');
    expect(again.urls()).toEqual([`${MIRROR}/timestamp.json`, `${MIRROR}/2.root.json`, `${MIRROR}/3.root.json`]);
  });

  it('derived: with no rotation since the initial root, one round trip: the timestamp and the next root version at once', async () => {
    const rotated = repos.cases.valid.get('2.root.json') as string;
    const served = serve('valid');
    const resolve = (fetchImpl: FetchLike, cache: TufCache) =>
      resolveTrustedRoot({
        settings: { mirrorUrl: MIRROR, initialRoot: rotated },
        bundled,
        cache,
        fetchImpl,
        budgetMs: 10_000,
      });
    // A store that answers only once root version 3 was asked for (or after 2 s): the
    // request must not wait for the metadata kept in IndexedDB.
    const memory = memoryTufCache();
    const events: string[] = [];
    let rootAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (rootAsked = resolve));
    const cache: TufCache = {
      load: async (namespace) => {
        await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 2000))]);
        events.push('kept metadata read');
        return memory.load(namespace);
      },
      save: (namespace, entry) => memory.save(namespace, entry),
    };
    const watched: FetchLike = (url, init) => {
      events.push(`asked ${url.slice(MIRROR.length + 1)}`);
      if (url.endsWith('/3.root.json')) rootAsked();
      return served.fetchImpl(url, init);
    };
    expect(await resolve(watched, cache)).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
    expect(events.slice(0, 3)).toEqual(['asked timestamp.json', 'asked 3.root.json', 'kept metadata read']);
    // 3 is absent: no further root version is asked for.
    expect(served.urls().filter((url) => url.endsWith('.root.json'))).toEqual([`${MIRROR}/3.root.json`]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const again = serve('valid');
    expect(await resolve(again.fetchImpl, memory)).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
    expect(again.urls()).toEqual([`${MIRROR}/timestamp.json`, `${MIRROR}/3.root.json`]);
  });

  it('derived: the first part alone asks for the timestamp and the next root version and reads the kept metadata; the second uses their answers', async () => {
    const served = serve('valid');
    const loaded: string[] = [];
    const memory = memoryTufCache();
    const cache: TufCache = {
      load: (namespace) => {
        loaded.push(namespace);
        return memory.load(namespace);
      },
      save: (namespace, entry) => memory.save(namespace, entry),
    };
    const options = {
      settings: { mirrorUrl: MIRROR, initialRoot: repos.initialRoot },
      bundled,
      cache,
      fetchImpl: served.fetchImpl,
      budgetMs: 10_000,
    };
    const started = startResolution(options);
    await started.prepared;
    expect(served.urls()).toEqual([`${MIRROR}/timestamp.json`, `${MIRROR}/2.root.json`]);
    // One read, keyed by the repository and the initial root's digest.
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.split('\n')).toEqual([MIRROR, expect.stringMatching(/^[0-9a-f]{24}$/)]);
    // The second part, loaded later (the trust worker's chunk), asks for neither again.
    expect(await finishResolution(started)).toMatchObject({ source: 'tuf', tuf: { root: 2, timestamp: 1 } });
    expect(served.urls().filter((url) => /\/(timestamp|2\.root)\.json$/.test(url))).toHaveLength(2);
    // Both parts through resolveInTwoParts: the same answer from the kept metadata, the
    // repository unchanged, so without loading the second part (kept-unchanged.ts).
    const again = serve('valid');
    let loads = 0;
    const load = () => {
      loads += 1;
      return Promise.resolve({ finishResolution });
    };
    expect(await resolveInTwoParts({ ...options, fetchImpl: again.fetchImpl }, load)).toMatchObject({
      source: 'tuf',
      tuf: { root: 2 },
    });
    expect(loads).toBe(0);
    // The first part's requests only: the timestamp, the version after the initial root's
    // (asked at once) and the one after the kept root's.
    expect(again.urls()).toEqual([`${MIRROR}/timestamp.json`, `${MIRROR}/2.root.json`, `${MIRROR}/3.root.json`]);
  });

  describe('an initial root given by address (?tuf-root=, derived)', () => {
    const ROOT_URL = 'https://roots.example/initial-root.json';
    /** The `valid` repository, and `root()` at ROOT_URL once `gate` has settled; every request in order. */
    function serveByAddress(root: () => string, gate: () => Promise<unknown> = () => Promise.resolve()) {
      const events: string[] = [];
      const { fetchImpl, requests } = fakeFetch(async (url) => {
        events.push(`asked ${url}`);
        if (url !== ROOT_URL) return tufReply(repos.cases.valid, url);
        await gate();
        events.push('initial root answered');
        return new Response(root(), { status: 200 });
      });
      return { fetchImpl, events, urls: () => requests.map((r) => r.url) };
    }
    const resolveByAddress = (fetchImpl: FetchLike, cache: TufCache) =>
      resolveTrustedRoot({
        settings: { mirrorUrl: MIRROR, initialRootUrl: ROOT_URL, initialRootOrigin: ROOT_URL },
        bundled,
        cache,
        fetchImpl,
        budgetMs: 10_000,
      });

    it('a revisit asks for the root version after the kept one while the initial root is still on its way', async () => {
      const cache = memoryTufCache();
      const first = serveByAddress(() => repos.initialRoot);
      expect(await resolveByAddress(first.fetchImpl, cache)).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
      await new Promise((resolve) => setTimeout(resolve, 0));
      // The initial root answers only once root version 3 was asked for (or after 2 s).
      let rootAsked: () => void = () => undefined;
      const asked = new Promise<void>((resolve) => (rootAsked = resolve));
      const again = serveByAddress(
        () => repos.initialRoot,
        () => Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 2000))]),
      );
      const watched: FetchLike = (url, init) => {
        if (url.endsWith('/3.root.json')) rootAsked();
        return again.fetchImpl(url, init);
      };
      expect(await resolveByAddress(watched, cache)).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
      expect(again.events.indexOf(`asked ${MIRROR}/3.root.json`)).toBeLessThan(
        again.events.indexOf('initial root answered'),
      );
      // The kept metadata was used: no target downloaded again, and no root version but 3.
      expect(again.urls().filter((url) => url.startsWith(MIRROR))).toEqual([
        `${MIRROR}/timestamp.json`,
        `${MIRROR}/3.root.json`,
      ]);
    });

    it('metadata kept from another initial root at the same address is not used', async () => {
      const cache = memoryTufCache();
      await resolveByAddress(serveByAddress(() => repos.initialRoot).fetchImpl, cache);
      await new Promise((resolve) => setTimeout(resolve, 0));
      // The address now serves another root (the repository's version 2): a refresh from it, as on a first visit.
      const other = serveByAddress(() => repos.cases.valid.get('2.root.json') as string);
      expect(await resolveByAddress(other.fetchImpl, cache)).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
      const trustedRootTarget = (url: string) =>
        url.startsWith(`${MIRROR}/targets/`) && url.endsWith('.trusted_root.json');
      expect(other.urls().filter(trustedRootTarget)).toHaveLength(1);
      // Kept for that root from then on.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const again = serveByAddress(() => repos.cases.valid.get('2.root.json') as string);
      await resolveByAddress(again.fetchImpl, cache);
      expect(again.urls().filter(trustedRootTarget)).toEqual([]);
    });
  });

  it('derived: the budget bounds the repository from the second part on, not the loading of that part', async () => {
    const served = serve('valid');
    // The TUF client's chunk arrives after a whole budget has passed (a slow link): the
    // repository, which answers at once, is still followed.
    const late = new Promise<{ finishResolution: typeof finishResolution }>((resolve) =>
      setTimeout(() => resolve({ finishResolution }), 400),
    );
    const state = await resolveInParts(served.fetchImpl, 150, () => late);
    expect(state).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
    expect(state.reasonCode).toBeUndefined();
  });

  it('the second part cannot be loaded: the bundled root, saying why, and the early requests are given up', async () => {
    const hanging = hangingFetch();
    const state = await resolveInParts(hanging.fetchImpl, 10_000, () =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module: trust-refresh.js')),
    );
    expect(state).toMatchObject({ source: 'bundled', reasonCode: 'unreachable', trustedRoot: bundled.trustedRoot });
    expect(state.reason).toBe(
      'the TUF client could not be loaded: failed to fetch dynamically imported module: trust-refresh.js',
    );
    expect(hanging.requests.map((r) => r.url)).toEqual([`${MIRROR}/timestamp.json`, `${MIRROR}/2.root.json`]);
    expect(hanging.requests.every((r) => r.init.signal?.aborted)).toBe(true);
  });

  it('derived: both targets are asked for together; a failure is reported for the first target in order', async () => {
    const files = repos.cases.valid;
    const isTarget = (url: string, name: string) => url.startsWith(`${MIRROR}/targets/`) && url.endsWith(`.${name}`);
    const answer = (url: string) => tufReply(files, url);
    // trusted_root.json is answered only once keys.json was asked for (or after 2 s).
    const events: string[] = [];
    let keysAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (keysAsked = resolve));
    const together: FetchLike = async (url) => {
      if (isTarget(url, 'keys.json')) {
        events.push('asked keys.json');
        keysAsked();
      }
      if (isTarget(url, 'trusted_root.json')) {
        events.push('asked trusted_root.json');
        await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 2000))]);
        events.push('answered trusted_root.json');
      }
      return answer(url);
    };
    expect(await resolveWith(together)).toMatchObject({ source: 'tuf', npmKeys: JSON.parse(npmKeysText) });
    expect(events).toEqual(['asked trusted_root.json', 'asked keys.json', 'answered trusted_root.json']);

    // Both fail: the first one's failure is the one reported; one fails: that one.
    const failing =
      (names: string[]): FetchLike =>
      async (url) =>
        names.some((name) => isTarget(url, name)) ? new Response('busy', { status: 503 }) : answer(url);
    const both = await resolveWith(failing(['keys.json', 'trusted_root.json']));
    expect(both).toMatchObject({ source: 'bundled', reasonCode: 'unreachable' });
    expect(both.reason).toMatch(/could not be read at the target trusted_root\.json: .*503/);
    const keys = await resolveWith(failing(['keys.json']));
    expect(keys.reason).toMatch(/could not be read at the target registry\.npmjs\.org\/keys\.json: .*503/);
  });

  it('derived: a root version asked for early that fails is asked for again; one that exists is followed', async () => {
    const { fetchImpl, requests } = serveFailingFirst('2.root.json', 1);
    // From root 1: version 2 (the rotation) is asked for early, fails, is asked again and followed.
    const state = await resolveWith(fetchImpl);
    expect(state).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
    expect(requests.filter((r) => r.url === `${MIRROR}/2.root.json`)).toHaveLength(2);
  });

  it('derived: a timestamp asked for early that fails is asked for again by tuf-js, whose answer is used', async () => {
    const { fetchImpl, requests } = serveFailingFirst('timestamp.json', 1);
    const state = await resolveWith(fetchImpl);
    expect(state).toMatchObject({ source: 'tuf', tuf: { root: 2, timestamp: 1 } });
    expect(requests.filter((r) => r.url === `${MIRROR}/timestamp.json`)).toHaveLength(2);
  });

  it('derived: a timestamp that fails again is reported as the timestamp, as before', async () => {
    const { fetchImpl } = serveFailingFirst('timestamp.json', Infinity);
    const state = await resolveWith(fetchImpl);
    expect(state.source).toBe('bundled');
    expect(state.reason).toMatch(/timestamp/);
    expect(state.reason).toMatch(/503/);
  });

  it('an initial root that is not JSON: the bundled root, with the reason', async () => {
    const state = await resolveTrustedRoot({
      settings: { mirrorUrl: MIRROR, initialRoot: 'not json', initialRootOrigin: 'settings' },
      bundled,
      cache: memoryTufCache(),
      fetchImpl: serve('valid').fetchImpl,
    });
    expect(state).toMatchObject({ source: 'bundled', reasonCode: 'invalid' });
    expect(state.reason).toMatch(/is not valid TUF metadata/);
  });

  it('derived: a validly signed trusted_root.json whose tlog has no validFor.start is refused, the bundled root is used', async () => {
    const malformed = JSON.parse(publicGoodText) as { tlogs: { publicKey: { validFor: Record<string, unknown> } }[] };
    delete malformed.tlogs[0]!.publicKey.validFor.start;
    const signedMalformed = buildTufRepositories({ trustedRoot: JSON.stringify(malformed), npmKeys: npmKeysText });
    const files = signedMalformed.cases.valid;
    const { fetchImpl } = fakeFetch((url) => {
      const text = url.startsWith(`${MIRROR}/`)
        ? files.get(decodeURIComponent(url.slice(MIRROR.length + 1)))
        : undefined;
      return text === undefined ? new Response('{}', { status: 404 }) : new Response(text, { status: 200 });
    });
    const state = await resolveTrustedRoot({
      settings: { mirrorUrl: MIRROR },
      bundled: { ...bundled, tufRoot: signedMalformed.initialRoot },
      cache: memoryTufCache(),
      fetchImpl,
      budgetMs: 10_000,
    });
    expect(state).toMatchObject({ source: 'bundled', reasonCode: 'invalid' });
    expect(state.trustedRoot).toBe(bundled.trustedRoot);
    expect(state.reason).toMatch(
      /its trusted_root\.json is not a valid trusted root \(tlogs\[0\] \(https:\/\/rekor\.sigstore\.dev\) has no publicKey\.validFor\.start/,
    );
  });

  describe('?tuf=<mirror> alone (no initial root given): starts from the pinned public-good root', () => {
    // Another derived set, with its own test keys: a repository that does not chain from
    // the TUF root this build pins (`bundled.tufRoot`), as a private Sigstore instance.
    const other = buildTufRepositories({ trustedRoot: publicGoodText, npmKeys: npmKeysText });
    const pinned: BundledTrust = { ...bundled, tufRoot: repos.initialRoot };
    function serveOther(): FetchLike {
      const files = other.cases.valid;
      return fakeFetch((url) => {
        const text = url.startsWith(`${MIRROR}/`)
          ? files.get(decodeURIComponent(url.slice(MIRROR.length + 1)))
          : undefined;
        return text === undefined ? new Response('{}', { status: 404 }) : new Response(text, { status: 200 });
      }).fetchImpl;
    }

    it('derived: a repository the pinned root did not sign → initial-root-needed, the bundled root, pointing to ?tuf-root=', async () => {
      const state = await resolveTrustedRoot({
        settings: { mirrorUrl: MIRROR },
        bundled: pinned,
        cache: memoryTufCache(),
        fetchImpl: serveOther(),
        budgetMs: 10_000,
      });
      expect(state).toMatchObject({ source: 'bundled', reasonCode: 'initial-root-needed' });
      expect(state.trustedRoot).toBe(bundled.trustedRoot);
      expect(state.reason).toMatch(
        /^the TUF repository https:\/\/tuf\.example\/repo is not signed by the public-good TUF root bundled with this app \(.*root was signed by 0\/1 keys.*\)\. If it is a private Sigstore instance, give its initial root\.json with \?tuf-root=<URL> or in the Trusted root settings: the app does not trust a root fetched from the repository itself\./,
      );
      expect(describeTrustState(state)).toContain('bundled with this build');
    });

    it('derived: the same repository with its initial root given (?tuf-root= or the settings) is followed', async () => {
      const state = await resolveTrustedRoot({
        settings: { mirrorUrl: MIRROR, initialRoot: other.initialRoot, initialRootOrigin: 'the settings' },
        bundled: pinned,
        cache: memoryTufCache(),
        fetchImpl: serveOther(),
        budgetMs: 10_000,
      });
      expect(state).toMatchObject({ source: 'tuf', initialRootOrigin: 'the settings' });
      expect(describeTrustState(state)).toContain('starting from the initial root given in the settings');
    });

    it('derived: a refusal after a rotation the pinned root signed keeps its own reason (not a question of the initial root)', async () => {
      const state = await resolveTrustedRoot({
        settings: { mirrorUrl: MIRROR },
        bundled: pinned,
        cache: memoryTufCache(),
        fetchImpl: serve('too-few-signatures').fetchImpl,
        budgetMs: 10_000,
      });
      expect(state).toMatchObject({ source: 'bundled', reasonCode: 'too-few-signatures' });
    });

    it('derived: the default repository refused by the pinned root keeps its own reason (a tampered CDN is not a private instance)', async () => {
      const files = other.cases.valid;
      const cdn = 'https://tuf-repo-cdn.sigstore.dev';
      const { fetchImpl } = fakeFetch((url) => {
        const text = url.startsWith(`${cdn}/`) ? files.get(decodeURIComponent(url.slice(cdn.length + 1))) : undefined;
        return text === undefined ? new Response('{}', { status: 404 }) : new Response(text, { status: 200 });
      });
      const state = await resolveTrustedRoot({
        settings: { mirrorUrl: cdn },
        bundled: pinned,
        cache: memoryTufCache(),
        fetchImpl,
        budgetMs: 10_000,
      });
      expect(state.source).toBe('bundled');
      expect(state.reasonCode).not.toBe('initial-root-needed');
      expect(state.reasonCode).toMatch(/^(too-few-signatures|root-rotation-unsigned)$/);
    });
  });

  describe('rollback against the metadata kept from an earlier visit (derived)', () => {
    function serveFiles(files: Map<string, string>): FetchLike {
      return fakeFetch((url) => {
        const text = url.startsWith(`${MIRROR}/`)
          ? files.get(decodeURIComponent(url.slice(MIRROR.length + 1)))
          : undefined;
        return text === undefined ? new Response('{}', { status: 404 }) : new Response(text, { status: 200 });
      }).fetchImpl;
    }

    async function visitThen(later: Map<string, string>) {
      const cache = memoryTufCache();
      const first = await resolveWith(serveFiles(repos.validAt({ timestamp: 3, snapshot: 3 })), cache);
      expect(first).toMatchObject({ source: 'tuf', tuf: { timestamp: 3, snapshot: 3 } });
      await new Promise((resolve) => setTimeout(resolve, 0)); // the save is not awaited by resolve
      // The earlier visit's verified metadata, as kept in this browser (IndexedDB in the app).
      const stored = await cache.load(`${MIRROR}\n${await digestOf(repos.initialRoot)}`);
      expect(JSON.parse(stored?.metadata.timestamp ?? '{}')).toMatchObject({ signed: { version: 3 } });
      return resolveWith(serveFiles(later), cache);
    }

    it('derived: a timestamp older than the one stored on the earlier visit → refused as a rollback, the bundled root', async () => {
      const state = await visitThen(repos.validAt({ timestamp: 2, snapshot: 3 }));
      expect(state).toMatchObject({ source: 'bundled', reasonCode: 'rollback' });
      expect(state.reason).toMatch(
        /timestamp\.json has a version older than, or different from, one already trusted: a rollback \(New timestamp version 2 (must be >=|is less than current version) 3\)/,
      );
      expect(state.trustedRoot).toBe(bundled.trustedRoot);
    });

    it('derived: a newer timestamp naming an older snapshot than the one stored → refused as a rollback', async () => {
      const state = await visitThen(repos.validAt({ timestamp: 4, snapshot: 2 }));
      expect(state).toMatchObject({ source: 'bundled', reasonCode: 'rollback' });
      expect(state.reason).toMatch(/a rollback \(New snapshot version 2 (must be >=|is less than current version) 3\)/);
    });

    it('derived: the same timestamp again is no update, and a newer one is followed (the store is not what refuses)', async () => {
      expect(await visitThen(repos.validAt({ timestamp: 3, snapshot: 3 }))).toMatchObject({ source: 'tuf' });
      expect(await visitThen(repos.validAt({ timestamp: 4, snapshot: 4 }))).toMatchObject({
        source: 'tuf',
        tuf: { timestamp: 4, snapshot: 4 },
      });
    });
  });
});

async function digestOf(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(bytes.slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}
