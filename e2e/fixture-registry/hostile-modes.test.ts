// The fixture registry's hostile modes, over HTTP: each delivers the main registry's
// answer the way its description says, and nothing else changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherHost, parseHostile } from './hostile-modes';
import { startFixtureRegistry, type StartedRegistry } from './registry-app';

let registry: StartedRegistry;

beforeAll(async () => {
  registry = await startFixtureRegistry({ port: 0 });
});

afterAll(async () => {
  await registry.close();
});

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${registry.url}${path}`, { redirect: 'manual', headers: { 'Accept-Encoding': 'identity' }, ...init });

describe('hostile modes', () => {
  it('parses /hostile/<mode>/rest, and nothing else', () => {
    expect(parseHostile('/hostile/stall/sigstore')).toEqual({
      mode: 'stall',
      prefix: '/hostile/stall',
      rest: '/sigstore',
    });
    expect(parseHostile('/hostile/stall')).toMatchObject({ rest: '/' });
    expect(parseHostile('/hostile/unknown/sigstore')).toBeUndefined();
    expect(parseHostile('/sigstore')).toBeUndefined();
    expect(otherHost('127.0.0.1:4873')).toBe('localhost:4873');
    expect(otherHost('localhost:4873')).toBe('127.0.0.1:4873');
  });

  it('stall: headers and the first half of the body arrive, with no length and no end marker', async () => {
    const whole = await (await get('/sigstore')).text();
    const controller = new AbortController();
    const response = await get('/hostile/stall/sigstore', { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    const first = new TextDecoder().decode(value);
    // The origin written into the document is the mode's own.
    const expected = whole.replaceAll(registry.url, `${registry.url}/hostile/stall`);
    expect(first).toBe(expected.slice(0, first.length));
    expect(first.length).toBeLessThan(expected.length);
    controller.abort();
  });

  it('stall-attestations: the packument is whole, attestations stall', async () => {
    const packument = await get('/hostile/stall-attestations/sigstore');
    expect(packument.headers.get('content-length')).not.toBeNull();
    expect(JSON.parse(await packument.text())).toMatchObject({ name: 'sigstore' });
    const controller = new AbortController();
    const attestations = await get('/hostile/stall-attestations/-/npm/v1/attestations/sigstore@1.0.0', {
      signal: controller.signal,
    });
    expect(attestations.headers.get('content-length')).toBeNull();
    controller.abort();
  });

  it('redirect-away and redirect-attestations-away send 302 to the other origin; redirect-within to the same', async () => {
    const host = new URL(registry.url).host;
    const away = await get('/hostile/redirect-away/sigstore');
    expect(away.status).toBe(302);
    expect(away.headers.get('location')).toBe(`http://${otherHost(host)}/sigstore`);
    expect(away.headers.get('access-control-allow-origin')).toBe('*');
    expect((await get('/hostile/redirect-away/-/npm/v1/attestations/sigstore@1.0.0')).status).toBe(200);
    const attestations = await get('/hostile/redirect-attestations-away/-/npm/v1/attestations/sigstore@1.0.0');
    expect(attestations.status).toBe(302);
    expect(attestations.headers.get('location')).toBe(`http://${otherHost(host)}/-/npm/v1/attestations/sigstore@1.0.0`);
    expect((await get('/hostile/redirect-attestations-away/sigstore')).status).toBe(200);
    const within = await get('/hostile/redirect-within/sigstore');
    expect(within.headers.get('location')).toBe(`http://${host}/sigstore`);
  });

  it('no-cors-attestations: attestations and keys without CORS, packuments with', async () => {
    for (const path of ['/-/npm/v1/attestations/sigstore@1.0.0', '/-/npm/v1/keys', '/-/npm/v1/attestations/nope@1']) {
      const response = await get(`/hostile/no-cors-attestations${path}`);
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const packument = await get('/hostile/no-cors-attestations/sigstore');
    expect(packument.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('no-cors-errors: errors without CORS, successes with', async () => {
    const error = await get('/hostile/no-cors-errors/derived-server-error');
    expect(error.status).toBe(500);
    expect(error.headers.get('access-control-allow-origin')).toBeNull();
    const missing = await get('/hostile/no-cors-errors/no-such-package');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await get('/hostile/no-cors-errors/sigstore');
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('hidden-retry-after: a 429 with CORS and Retry-After, but Retry-After not exposed', async () => {
    const response = await get('/hostile/hidden-retry-after/derived-rate-limited');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBeNull();
    // The main registry exposes it.
    expect((await get('/derived-rate-limited')).headers.get('access-control-expose-headers')).toBe('Retry-After');
  });
});
