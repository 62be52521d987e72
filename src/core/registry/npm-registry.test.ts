// The npm registry client with an injected fetch (and sleep): URLs, every failure
// mode, and what a request carries. No network is used.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VersionRecord } from '../model';
import { RegistryError } from '../net/http-errors';
import { readFixture } from '../../../test/support/fixtures';
import { JSON_LAYOUTS, newestFirst } from '../../../test/support/json-layouts';
import { NEW_KEY_ID, OLD_KEY_ID, registryKeys, tufKeys } from '../../../test/support/derived-record';
import {
  fakeFetch,
  fakeSleep,
  hangingFetch,
  jsonResponse,
  statusResponse,
  textResponse,
} from '../../../test/support/fake-fetch';
import {
  buildLargePackumentText,
  LARGE,
  LARGE_10MB,
  LARGE_10MB_TARGET_BYTES,
} from '../../../e2e/fixture-registry/large-packument';
import { PREVIEW_VERSIONS } from '../analysis/analyze-package';
import { parseNewestOfEnd, parseNewestVersions } from './npm-packument';
import {
  attestationsUrl,
  encodePackageName,
  fetchAttestations,
  fetchPackage,
  fetchRegistryKeys,
  keysUrl,
  packumentUrl,
} from './npm-registry';

const BASE = 'https://registry.test';
const VUE = readFixture('registry/packuments/vue.json');

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  throw new Error('the promise resolved');
}

function record(name: string, version: string, url?: string): Pick<VersionRecord, 'name' | 'version' | 'dist'> {
  return { name, version, dist: { signatures: [], ...(url ? { attestations: { url } } : {}) } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('URLs', () => {
  it.each([
    ['vue', 'vue'],
    ['@nuxt/kit', '@nuxt%2fkit'],
    ['@types/node', '@types%2fnode'],
    ['lodash.merge', 'lodash.merge'],
    ['@a b/c?d', '@a%20b%2fc%3Fd'],
    ['JSONStream', 'JSONStream'],
    ['a#b', 'a%23b'],
  ])('encodePackageName(%j) → %j', (name, encoded) => {
    expect(encodePackageName(name)).toBe(encoded);
  });

  it('packumentUrl and keysUrl append to the base, path prefix included', () => {
    expect(packumentUrl(BASE, '@nuxt/kit')).toBe('https://registry.test/@nuxt%2fkit');
    expect(packumentUrl('http://127.0.0.1:1/tampered', 'vue')).toBe('http://127.0.0.1:1/tampered/vue');
    expect(keysUrl('https://mirror.example/npm')).toBe('https://mirror.example/npm/-/npm/v1/keys');
  });

  it.each([
    ['https://registry.npmjs.org', 'https://registry.npmjs.org/-/npm/v1/attestations/vue@3.5.27'],
    ['http://127.0.0.1:1/tampered', 'http://127.0.0.1:1/tampered/-/npm/v1/attestations/vue@3.5.27'],
    ['https://mirror.example/npm', 'https://mirror.example/npm/-/npm/v1/attestations/vue@3.5.27'],
  ])('maps the recorded https://registry.example attestations URL onto %s', (base, expected) => {
    expect(
      attestationsUrl(base, record('vue', '3.5.27', 'https://registry.example/-/npm/v1/attestations/vue@3.5.27')),
    ).toBe(expected);
  });

  it('keeps the recorded spelling of a scoped spec, and rebuilds a missing one', () => {
    const vue = (
      readFixture('registry/packuments/@nuxt_kit.json') as {
        versions: Record<string, { dist: { attestations?: { url: string } } }>;
      }
    ).versions['4.3.0']!.dist.attestations!.url;
    expect(vue).toBe('https://registry.example/-/npm/v1/attestations/@nuxt%2fkit@4.3.0');
    expect(attestationsUrl(BASE, record('@nuxt/kit', '4.3.0', vue))).toBe(
      `${BASE}/-/npm/v1/attestations/@nuxt%2fkit@4.3.0`,
    );
    expect(attestationsUrl(BASE, record('@nuxt/kit', '4.3.0'))).toBe(`${BASE}/-/npm/v1/attestations/@nuxt%2fkit@4.3.0`);
    expect(attestationsUrl(BASE, record('x', '1.0.0+build'))).toBe(`${BASE}/-/npm/v1/attestations/x@1.0.0%2Bbuild`);
  });

  it('never points at another host, whatever the metadata claims', () => {
    const claims = [
      'https://evil.example/-/npm/v1/attestations/vue@3.5.27',
      'https://evil.example/steal',
      'javascript:/-/npm/v1/attestations/vue@3.5.27',
      'not a url',
      '',
      'https://registry.example/-/npm/v1/attestations/',
      'https://registry.example/-/npm/v1/attestations/../../../keys',
      'https://registry.example/-/npm/v1/attestations/..%2f..%2fkeys',
      'https://registry.example/-/npm/v1/attestations/%2e%2e/%2e%2e/x',
      'https://registry.example/-/npm/v1/attestations//evil.example/x',
      'https://registry.example/-/npm/v1/attestations/@evil.example',
      'https://registry.example/-/npm/v1/attestations/x?u=https://evil.example#@evil',
      'https://registry.example/a/-/npm/v1/attestations/vue@3.5.27/-/npm/v1/attestations/x',
      '//evil.example/-/npm/v1/attestations/vue@3.5.27',
      'https://registry.example/-/npm/v1/attestations/\\\\evil.example\\x',
    ];
    for (const base of ['https://registry.npmjs.org', 'http://127.0.0.1:1/tampered']) {
      const baseUrl = new URL(base);
      for (const claim of claims) {
        const url = new URL(attestationsUrl(base, record('vue', '3.5.27', claim)));
        expect(url.host, claim).toBe(baseUrl.host);
        expect(url.protocol, claim).toBe(baseUrl.protocol);
        expect(url.pathname.startsWith(`${baseUrl.pathname.replace(/\/$/, '')}/-/npm/v1/attestations/`), claim).toBe(
          true,
        );
        expect(url.username + url.password, claim).toBe('');
      }
    }
  });

  it('a spec with a dot-dot is rebuilt from name@version', () => {
    expect(
      attestationsUrl(BASE, record('vue', '3.5.27', 'https://registry.example/-/npm/v1/attestations/..%2fkeys')),
    ).toBe(`${BASE}/-/npm/v1/attestations/vue@3.5.27`);
  });
});

describe('fetchPackage', () => {
  it('refuses a document that names another package (a mirror must not pass one package off as another)', async () => {
    const { fetchImpl } = fakeFetch(jsonResponse(VUE));
    const error = await fetchPackage('https://registry.example', 'not-vue', { fetchImpl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE' });
    expect((error as RegistryError).message).toContain('"vue"');
  });

  it('GETs the full packument with only an Accept header, no credentials, and parses it', async () => {
    const { fetchImpl, requests } = fakeFetch(jsonResponse(VUE));
    const controller = new AbortController();
    const pkg = await fetchPackage(BASE, 'vue', { fetchImpl, signal: controller.signal });
    expect(pkg.name).toBe('vue');
    expect(pkg.versions).toHaveLength(13);
    expect(requests).toHaveLength(1);
    const [{ url, init }] = requests as [(typeof requests)[number]];
    expect(url).toBe(`${BASE}/vue`);
    expect(init.method).toBe('GET');
    // Only the CORS-safelisted Accept header: no preflight.
    expect(init.headers).toEqual({ Accept: 'application/json' });
    expect(init.credentials).toBe('omit');
    expect(init.redirect).toBe('follow');
    // The request's own signal: it follows the caller's and carries the timeouts.
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(init.body).toBeUndefined();
  });

  it('encodes a scoped name and trims the input', async () => {
    const { fetchImpl, requests } = fakeFetch(jsonResponse(readFixture('registry/packuments/@nuxt_kit.json')));
    const pkg = await fetchPackage(BASE, '  @nuxt/kit ', { fetchImpl });
    expect(requests[0]?.url).toBe(`${BASE}/@nuxt%2fkit`);
    expect(pkg.name).toBe('@nuxt/kit');
  });

  it('refuses an invalid name without any request', async () => {
    const { fetchImpl, requests } = fakeFetch(jsonResponse(VUE));
    const error = await rejection(fetchPackage(BASE, '../x', { fetchImpl }));
    expect(error.code).toBe('INVALID_NAME');
    expect(error.message).toBe('"../x" is not a valid npm package name.');
    expect(error.problems).toEqual([
      'Name cannot start with a period.',
      'Name can only contain URL-friendly characters.',
    ]);
    expect(error.toData()).toEqual({ code: 'INVALID_NAME', message: error.message, problems: error.problems });
    expect(requests).toHaveLength(0);
  });

  it('404 → NOT_FOUND naming the package', async () => {
    const { fetchImpl } = fakeFetch(statusResponse(404));
    const error = await rejection(fetchPackage(BASE, '@nuxt/nope', { fetchImpl }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, url: `${BASE}/@nuxt%2fnope` });
    expect(error.message).toBe('The registry has no package named "@nuxt/nope".');
  });

  it('500 → HTTP_STATUS with the status and its text, no retry', async () => {
    const { fetchImpl, requests } = fakeFetch(statusResponse(500, {}, 'Internal Server Error'), jsonResponse(VUE));
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl }));
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 500 });
    expect(error.message).toBe('The registry answered HTTP 500 Internal Server Error.');
    expect(requests).toHaveLength(1);
  });

  it('429 with Retry-After: 3 waits 3000 ms, then retries and succeeds', async () => {
    const { fetchImpl, requests } = fakeFetch(statusResponse(429, { 'Retry-After': '3' }), jsonResponse(VUE));
    const { sleep, calls } = fakeSleep();
    const pkg = await fetchPackage(BASE, 'vue', { fetchImpl, sleep });
    expect(calls).toEqual([3000]);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.url).toBe(requests[0]?.url);
    expect(pkg.versions).toHaveLength(13);
  });

  it('429 three times → RATE_LIMITED after two waits, with retryAfterSeconds', async () => {
    const { fetchImpl, requests } = fakeFetch(statusResponse(429, { 'Retry-After': '1' }));
    const { sleep, calls } = fakeSleep();
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl, sleep }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 1 });
    expect(error.message).toContain('asks to wait 1 s');
    expect(calls).toEqual([1000, 1000]);
    expect(requests).toHaveLength(3);
  });

  it('429 asking for longer than 30 s fails at once without waiting', async () => {
    const { fetchImpl, requests } = fakeFetch(statusResponse(429, { 'Retry-After': '120' }), jsonResponse(VUE));
    const { sleep, calls } = fakeSleep();
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl, sleep }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120 });
    expect(calls).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('429 without a readable Retry-After waits the 2 s fallback; exhausted, it says no wait time', async () => {
    const { fetchImpl } = fakeFetch(statusResponse(429));
    const { sleep, calls } = fakeSleep();
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl, sleep }));
    expect(calls).toEqual([2000, 2000]);
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.message).toBe(
      'The registry is rate limiting requests (HTTP 429); how long to wait is not readable from this page (no Retry-After, or one the registry does not expose to browsers).',
    );
  });

  it('429 with an HTTP-date Retry-After waits until that date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2015-10-21T07:28:00.000Z'));
    const { fetchImpl, requests } = fakeFetch(
      statusResponse(429, { 'Retry-After': 'Wed, 21 Oct 2015 07:28:05 GMT' }),
      jsonResponse(VUE),
    );
    const { sleep, calls } = fakeSleep();
    await fetchPackage(BASE, 'vue', { fetchImpl, sleep });
    expect(calls).toEqual([5000]);
    expect(requests).toHaveLength(2);
  });

  it('a network TypeError → NETWORK, mentioning CORS', async () => {
    const { fetchImpl } = fakeFetch(new TypeError('Failed to fetch'));
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl }));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain('CORS');
    expect(error.url).toBe(`${BASE}/vue`);
  });

  it('a truncated document → MALFORMED_RESPONSE saying it is truncated', async () => {
    const text = JSON.stringify(VUE);
    const { fetchImpl } = fakeFetch(textResponse(text.slice(0, Math.floor(text.length / 2))));
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl }));
    expect(error.code).toBe('MALFORMED_RESPONSE');
    expect(error.message).toMatch(/^The response is truncated/);
    expect(error.message).toContain(`${Math.floor(text.length / 2)} bytes received`);
  });

  it('HTML instead of JSON → MALFORMED_RESPONSE, not valid JSON', async () => {
    const { fetchImpl } = fakeFetch(textResponse('<!doctype html><title>Login</title>'));
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl }));
    expect(error.code).toBe('MALFORMED_RESPONSE');
    expect(error.message).toMatch(/^The response is not valid JSON: /);
  });

  it.each([{ error: 'not found' }, [], 'vue', 42, null, { name: 'vue' }])(
    'JSON that is not a packument (%j) → MALFORMED_RESPONSE',
    async (body) => {
      const { fetchImpl } = fakeFetch(jsonResponse(body));
      const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl }));
      expect(error.code).toBe('MALFORMED_RESPONSE');
      expect(error.message).toContain('not a packument');
    },
  );

  it('aborted before the request → ABORTED', async () => {
    const controller = new AbortController();
    controller.abort();
    const { fetchImpl } = fakeFetch(jsonResponse(VUE));
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl, signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
    expect(error.message).toBe('The request was cancelled.');
  });

  it('aborted while the request is in flight → ABORTED', async () => {
    const controller = new AbortController();
    const { fetchImpl, requests } = hangingFetch();
    const pending = fetchPackage(BASE, 'vue', { fetchImpl, signal: controller.signal });
    await Promise.resolve();
    expect(requests).toHaveLength(1);
    controller.abort();
    expect((await rejection(pending)).code).toBe('ABORTED');
  });

  it('a timeout → ABORTED saying it timed out', async () => {
    const controller = new AbortController();
    const { fetchImpl } = hangingFetch();
    const pending = fetchPackage(BASE, 'vue', { fetchImpl, signal: controller.signal });
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    const error = await rejection(pending);
    expect(error.code).toBe('ABORTED');
    expect(error.message).toBe('The request was cancelled (timed out).');
  });

  it('aborted while waiting out a 429 → ABORTED, not RATE_LIMITED, and no retry', async () => {
    const controller = new AbortController();
    const { fetchImpl, requests } = fakeFetch(statusResponse(429, { 'Retry-After': '5' }), jsonResponse(VUE));
    const sleep = (_ms: number, signal?: AbortSignal) => {
      controller.abort();
      return Promise.reject(signal?.reason);
    };
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl, sleep, signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
    expect(requests).toHaveLength(1);
  });

  it('the default sleep really waits and can be aborted (Retry-After: 0 and an abort mid-wait)', async () => {
    // No injected sleep here: the client's own abortable sleep.
    const quick = fakeFetch(statusResponse(429, { 'Retry-After': '0' }), jsonResponse(VUE));
    await expect(fetchPackage(BASE, 'vue', { fetchImpl: quick.fetchImpl })).resolves.toMatchObject({ name: 'vue' });
    const controller = new AbortController();
    const slow = fakeFetch(statusResponse(429, { 'Retry-After': '20' }), jsonResponse(VUE));
    const pending = fetchPackage(BASE, 'vue', { fetchImpl: slow.fetchImpl, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect((await rejection(pending)).code).toBe('ABORTED');
    expect(slow.requests).toHaveLength(1);
  });

  it('a body that breaks while being read → NETWORK', async () => {
    const stream = new ReadableStream({
      pull(c) {
        c.error(new TypeError('terminated'));
      },
    });
    const { fetchImpl } = fakeFetch(new Response(stream, { status: 200 }));
    const error = await rejection(fetchPackage(BASE, 'vue', { fetchImpl }));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain('connection broke');
    expect(error.status).toBe(200);
  });
});

describe('fetchAttestations', () => {
  it('GETs the mapped URL and returns the body as it is', async () => {
    const body = readFixture('registry/attestations/@playwright_cli@0.1.1.json');
    const { fetchImpl, requests } = fakeFetch(jsonResponse(body));
    const result = await fetchAttestations(
      'http://127.0.0.1:1/tampered',
      record('@playwright/cli', '0.1.1', 'https://registry.example/-/npm/v1/attestations/@playwright%2fcli@0.1.1'),
      { fetchImpl },
    );
    expect(result).toEqual(body);
    expect(requests[0]?.url).toBe('http://127.0.0.1:1/tampered/-/npm/v1/attestations/@playwright%2fcli@0.1.1');
    expect(requests[0]?.init.headers).toEqual({ Accept: 'application/json' });
    expect(requests[0]?.init.credentials).toBe('omit');
  });

  it('404 → NOT_FOUND; 503 → HTTP_STATUS; garbage JSON is returned for the verifier to judge', async () => {
    const notFound = await rejection(
      fetchAttestations(BASE, record('vue', '1.0.0'), { fetchImpl: fakeFetch(statusResponse(404)).fetchImpl }),
    );
    expect(notFound).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const down = await rejection(
      fetchAttestations(BASE, record('vue', '1.0.0'), { fetchImpl: fakeFetch(statusResponse(503)).fetchImpl }),
    );
    expect(down).toMatchObject({ code: 'HTTP_STATUS', status: 503 });
    await expect(
      fetchAttestations(BASE, record('vue', '1.0.0'), { fetchImpl: fakeFetch(jsonResponse([1, 2])).fetchImpl }),
    ).resolves.toEqual([1, 2]);
  });
});

describe('fetchRegistryKeys', () => {
  const KEYS = readFixture('registry/keys/npm-v1-keys.json');

  it('GETs /-/npm/v1/keys; with the same keys as the bundle, the bundled (TUF) keys are used', async () => {
    const { fetchImpl, requests } = fakeFetch(jsonResponse(KEYS));
    const result = await fetchRegistryKeys(BASE, tufKeys(), { fetchImpl });
    expect(requests[0]?.url).toBe(`${BASE}/-/npm/v1/keys`);
    expect(requests[0]?.init.headers).toEqual({ Accept: 'application/json' });
    expect(result.source).toBe('registry');
    expect(result.problem).toBeUndefined();
    expect(result.keys).toEqual(tufKeys());
    expect(result.keys.every((k) => k.origin === 'tuf')).toBe(true);
  });

  it('derived: a registry key conflicting with a bundled one loses, and the conflict is reported', async () => {
    // DERIVED: the recorded response with the new key's material replaced by the old key's.
    const forged = JSON.parse(JSON.stringify(KEYS)) as { keys: { keyid: string; key: string }[] };
    forged.keys[1]!.key = forged.keys[0]!.key;
    const { fetchImpl } = fakeFetch(jsonResponse(forged));
    const result = await fetchRegistryKeys(BASE, tufKeys(), { fetchImpl });
    const used = result.keys.find((k) => k.keyId === NEW_KEY_ID)!;
    expect(used.origin).toBe('tuf');
    expect(used.publicKey).toBe(tufKeys().find((k) => k.keyId === NEW_KEY_ID)!.publicKey);
    expect(result.keys.filter((k) => k.keyId === NEW_KEY_ID)).toHaveLength(1);
    expect(result.problem).toContain(NEW_KEY_ID);
    expect(result.problem).not.toContain(OLD_KEY_ID);
    expect(result.problem).toContain('TUF');
  });

  it('derived: a key the bundle does not know is added, marked as vouched for by the registry only', async () => {
    const extra = {
      keyid: 'SHA256:rotated-later',
      keytype: 'ecdsa-sha2-nistp256',
      scheme: 'ecdsa-sha2-nistp256',
      key: 'AAAA',
      expires: null,
    };
    const { fetchImpl } = fakeFetch(jsonResponse({ keys: [...(KEYS as { keys: unknown[] }).keys, extra] }));
    const result = await fetchRegistryKeys(BASE, tufKeys(), { fetchImpl });
    expect(result.keys.map((k) => [k.keyId, k.origin])).toEqual([
      [OLD_KEY_ID, 'tuf'],
      [NEW_KEY_ID, 'tuf'],
      ['SHA256:rotated-later', 'registry'],
    ]);
  });

  it('falls back to the bundled keys when the endpoint fails, saying why', async () => {
    const bundled = tufKeys();
    for (const reply of [
      statusResponse(500),
      statusResponse(404),
      new TypeError('Failed to fetch'),
      textResponse('{"keys":['),
    ]) {
      const { fetchImpl } = fakeFetch(reply);
      const result = await fetchRegistryKeys(BASE, bundled, { fetchImpl });
      expect(result.source).toBe('bundled');
      expect(result.keys).toBe(bundled);
      expect(result.problem).toBeTruthy();
    }
    const { fetchImpl } = fakeFetch(statusResponse(500));
    expect((await fetchRegistryKeys(BASE, bundled, { fetchImpl })).problem).toContain('HTTP 500');
  });

  it('falls back when the registry lists no usable keys', async () => {
    const { fetchImpl } = fakeFetch(jsonResponse({ keys: [{ keyid: 5 }] }));
    const result = await fetchRegistryKeys(BASE, registryKeys(), { fetchImpl });
    expect(result).toMatchObject({ source: 'bundled', problem: 'The registry returned no usable keys.' });
  });

  it('retries a 429 only once, then falls back', async () => {
    const { fetchImpl, requests } = fakeFetch(statusResponse(429, { 'Retry-After': '1' }));
    const { sleep, calls } = fakeSleep();
    const result = await fetchRegistryKeys(BASE, tufKeys(), { fetchImpl, sleep });
    expect(calls).toEqual([1000]);
    expect(requests).toHaveLength(2);
    expect(result.source).toBe('bundled');
    expect(result.problem).toContain('429');
  });

  it('an abort is not swallowed by the fallback', async () => {
    const controller = new AbortController();
    controller.abort();
    const { fetchImpl } = fakeFetch(jsonResponse(KEYS));
    const error = await rejection(fetchRegistryKeys(BASE, tufKeys(), { fetchImpl, signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
  });
});

describe('fetchPackage: a large document read from its end first', () => {
  it.each([
    [LARGE, undefined],
    [LARGE_10MB, LARGE_10MB_TARGET_BYTES],
  ])(
    'DERIVED %s: its newest 50 from the first, shortest reading of its end, then the whole',
    async (name, targetBytes) => {
      const text = buildLargePackumentText({ name, ...(targetBytes ? { targetBytes } : {}) });
      const { readings, record } = await readNewest(text, name);
      // One reading, which held them: no second, longer one was needed.
      expect(readings).toHaveLength(1);
      expect(readings[0]).toEqual(newestOf(text, name));
      expect(record.versions).toHaveLength(3000);
    },
    60_000,
  );

  it('DERIVED: versions too large for the first end: an end longer by what the missing ones take, not the first versions', async () => {
    // 200 versions of about 15 KB (a long readme each, as some packages publish): the
    // first end (512 KB) holds about 33 of the newest 50.
    const name = 'derived-large-versions';
    const at = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString();
    const versions: Record<string, object> = {};
    const time: Record<string, string> = { created: at(0), modified: at(200) };
    for (let i = 0; i < 200; i++) {
      const version = `1.${i}.0`;
      versions[version] = { name, version, readme: `${version} `.repeat(1500), dist: { tarball: `${BASE}/${i}.tgz` } };
      time[version] = at(i);
    }
    const text = JSON.stringify({ name, 'dist-tags': { latest: '1.199.0' }, versions, time });
    const { readings, record } = await readNewest(text, name);
    // Two readings: the first held too few (parseNewestOfEnd said how many more), the second all 50.
    expect(readings).toHaveLength(2);
    expect(readings[0]).toBeUndefined();
    expect(readings[1]).toEqual(newestOf(text, name));
    expect(record.versions).toHaveLength(200);
  });

  it('DERIVED: a document written newest first gives its newest 50 from the same end with its first versions', async () => {
    // The 10 MB packument with its versions in the reverse order: its end holds its oldest.
    const text = newestFirst(buildLargePackumentText({ name: LARGE_10MB, targetBytes: LARGE_10MB_TARGET_BYTES }));
    const { readings, record } = await readNewest(text, LARGE_10MB);
    // The end alone cannot tell; with the first versions, exactly the whole document's newest 50.
    expect(readings).toHaveLength(2);
    expect(readings[0]).toBeUndefined();
    expect(readings[1]).toEqual(newestOf(text, LARGE_10MB));
    expect(record.versions).toHaveLength(3000);
  }, 60_000);

  it.each(JSON_LAYOUTS.filter(([layout]) => layout !== 'compact'))(
    'DERIVED: the 10 MB document %s: its newest 50 from the first reading of its end',
    async (_layout, write) => {
      const text = write(
        JSON.parse(buildLargePackumentText({ name: LARGE_10MB, targetBytes: LARGE_10MB_TARGET_BYTES })),
      );
      const { readings, record } = await readNewest(text, LARGE_10MB);
      expect(readings).toHaveLength(1);
      expect(readings[0]).toEqual(newestOf(text, LARGE_10MB));
      expect(record.versions).toHaveLength(3000);
    },
    60_000,
  );
});

/** Fetches the package served as `text`, with what each provisional reading gave as its newest 50 (`parseNewestOfEnd`). */
async function readNewest(text: string, name: string) {
  const readings: (VersionRecord[] | undefined)[] = [];
  const record = await fetchPackage(BASE, name, {
    fetchImpl: fakeFetch(textResponse(text)).fetchImpl,
    onProvisionalDocument: (doc, checked) => {
      const newest = parseNewestOfEnd(doc, checked, PREVIEW_VERSIONS);
      if (typeof newest === 'number') {
        readings.push(undefined);
        return newest;
      }
      readings.push(newest?.versions);
      return newest !== undefined;
    },
  });
  return { readings, record };
}

/** The newest PREVIEW_VERSIONS versions of the whole document `text`. */
function newestOf(text: string, name: string): VersionRecord[] {
  return parseNewestVersions(JSON.parse(text), name, PREVIEW_VERSIONS).record.versions;
}
