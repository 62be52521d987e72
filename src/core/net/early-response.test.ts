import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, jsonResponse } from '../../../test/support/fake-fetch';
import { createRegistryService } from '../services/registry-service';
import { decodePackage } from '../services/package-encoding';
import {
  EARLY_RESPONSE_GLOBAL,
  UNCLAIMED_TIMEOUT_MS,
  earlyAdopter,
  takeEarlyResponse,
  type EarlyResponse,
} from './early-response';
import { getJson } from './http-client';
import { RegistryError } from './http-errors';

const URL_A = 'https://r.test/pkg-a';
const noop = (): void => undefined;

function early(url: string, response: Response | Promise<Response> = jsonResponse({ from: 'early' })) {
  const abort = vi.fn();
  const value: EarlyResponse = { url, response: Promise.resolve(response), abort };
  return { value, abort };
}

/** A response whose URL is `url`, as the platform's fetch gives after a redirect. */
function responseFrom(url: string, body: unknown): Response {
  const response = jsonResponse(body);
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

describe('earlyAdopter', () => {
  it('hands the early response to a request for its URL, once; later requests fetch', async () => {
    const { value, abort } = early(URL_A);
    const { fetchImpl, requests } = fakeFetch(jsonResponse({ from: 'network' }));
    const adopter = earlyAdopter(value, fetchImpl, () => undefined);
    expect((await getJson(URL_A, { fetchImpl: adopter })).body).toEqual({ from: 'early' });
    expect(requests).toHaveLength(0);
    expect((await getJson(URL_A, { fetchImpl: adopter })).body).toEqual({ from: 'network' });
    expect(requests).toHaveLength(1);
    expect(abort).not.toHaveBeenCalled();
  });

  it('discards it when the first request is for another URL', async () => {
    const { value, abort } = early(URL_A);
    const { fetchImpl, requests } = fakeFetch(jsonResponse({ from: 'network' }), jsonResponse({ from: 'network' }));
    const adopter = earlyAdopter(value, fetchImpl, () => undefined);
    expect((await getJson('https://r.test/pkg-b', { fetchImpl: adopter })).body).toEqual({ from: 'network' });
    expect(abort).toHaveBeenCalledOnce();
    // Not adopted afterwards either: the app's own request for A fetches again.
    expect((await getJson(URL_A, { fetchImpl: adopter })).body).toEqual({ from: 'network' });
    expect(requests.map((request) => request.url)).toEqual(['https://r.test/pkg-b', URL_A]);
  });

  it('matches the URL exactly (no normalisation: the page builds it as the service does)', async () => {
    const { value, abort } = early(URL_A);
    const { fetchImpl, requests } = fakeFetch(jsonResponse({ from: 'network' }));
    const adopter = earlyAdopter(value, fetchImpl, () => undefined);
    await getJson(`${URL_A}/`, { fetchImpl: adopter });
    expect(requests).toHaveLength(1);
    expect(abort).toHaveBeenCalledOnce();
  });

  it('aborting the adopting request aborts the early one', async () => {
    const { value, abort } = early(URL_A);
    const adopter = earlyAdopter(value, fakeFetch().fetchImpl, () => undefined);
    const controller = new AbortController();
    await adopter(URL_A, { signal: controller.signal });
    expect(abort).not.toHaveBeenCalled();
    controller.abort();
    expect(abort).toHaveBeenCalledOnce();
  });

  it('a request already aborted aborts it at once', async () => {
    const { value, abort } = early(URL_A);
    const adopter = earlyAdopter(value, fakeFetch().fetchImpl, () => undefined);
    const controller = new AbortController();
    controller.abort();
    await adopter(URL_A, { signal: controller.signal });
    expect(abort).toHaveBeenCalledOnce();
  });

  it('is discarded when nothing claims it in time, and then never handed over', async () => {
    const { value, abort } = early(URL_A);
    const timers: { run: () => void; ms: number }[] = [];
    const { fetchImpl, requests } = fakeFetch(jsonResponse({ from: 'network' }));
    const adopter = earlyAdopter(value, fetchImpl, (run, ms) => timers.push({ run, ms }));
    expect(timers.map((timer) => timer.ms)).toEqual([UNCLAIMED_TIMEOUT_MS]);
    timers[0]!.run();
    expect(abort).toHaveBeenCalledOnce();
    expect((await getJson(URL_A, { fetchImpl: adopter })).body).toEqual({ from: 'network' });
    expect(requests).toHaveLength(1);
  });

  it('without an early request, is the fetch it wraps', async () => {
    const timer = vi.fn();
    const { fetchImpl, requests } = fakeFetch(jsonResponse({ from: 'network' }));
    const adopter = earlyAdopter(undefined, fetchImpl, timer);
    expect((await getJson(URL_A, { fetchImpl: adopter })).body).toEqual({ from: 'network' });
    expect(requests).toHaveLength(1);
    expect(timer).not.toHaveBeenCalled();
  });

  it('the adopted answer is checked like any other: a redirect to another origin is refused', async () => {
    const { value } = early(URL_A, responseFrom('https://elsewhere.test/pkg-a', { from: 'early' }));
    const adopter = earlyAdopter(value, fakeFetch().fetchImpl, () => undefined);
    const failure = await getJson(URL_A, { fetchImpl: adopter }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryError);
    expect((failure as RegistryError).code).toBe('CROSS_ORIGIN_REDIRECT');
  });

  it('a failed early request fails the adopting request as the network error it is', async () => {
    const value: EarlyResponse = {
      url: URL_A,
      response: Promise.reject(new TypeError('Failed to fetch')),
      abort: vi.fn(),
    };
    // The CORS check after a network failure fetches again: an unreachable server.
    const { fetchImpl } = fakeFetch(new TypeError('Failed to fetch'));
    const adopter = earlyAdopter(value, fetchImpl, () => undefined);
    const failure = await getJson(URL_A, { fetchImpl: adopter }).catch((error: unknown) => error);
    expect((failure as RegistryError).code).toBe('NETWORK');
  });
});

describe('takeEarlyResponse', () => {
  it('takes a well-formed early request out of the scope, once', () => {
    const { value } = early(URL_A);
    const scope: Record<string, unknown> = { [EARLY_RESPONSE_GLOBAL]: value };
    expect(takeEarlyResponse(scope)).toEqual(value);
    expect(EARLY_RESPONSE_GLOBAL in scope).toBe(false);
    expect(takeEarlyResponse(scope)).toBeUndefined();
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'https://r.test/x'],
    ['no URL', { response: Promise.resolve(jsonResponse({})), abort: noop }],
    ['a response that is not a promise', { url: URL_A, response: jsonResponse({}), abort: noop }],
    ['no abort', { url: URL_A, response: Promise.resolve(jsonResponse({})) }],
  ])('ignores %s', (_label, value) => {
    const scope: Record<string, unknown> = { [EARLY_RESPONSE_GLOBAL]: value };
    expect(takeEarlyResponse(scope)).toBeUndefined();
    expect(EARLY_RESPONSE_GLOBAL in scope).toBe(false);
  });
});

describe('the registry service with an early request', () => {
  const packument = {
    name: 'pkg-a',
    'dist-tags': { latest: '1.0.0' },
    versions: {
      '1.0.0': { name: 'pkg-a', version: '1.0.0', dist: { tarball: 'https://r.test/a.tgz', integrity: 'sha512-AAAA' } },
    },
    time: { '1.0.0': '2025-01-01T00:00:00.000Z' },
  };

  it('loads the package from it, without a request of its own', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    try {
      const { value, abort } = early(URL_A, jsonResponse(packument));
      const service = createRegistryService({ early: value });
      const outcome = await service.fetchPackage('job-1', 'https://r.test', 'pkg-a');
      if (!outcome.ok) throw new Error(`not loaded: ${JSON.stringify(outcome)}`);
      expect(decodePackage(outcome.value.bytes).versions.map((version) => version.version)).toEqual(['1.0.0']);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(abort).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('discards it when the first package asked for is another', async () => {
    const fetchSpy = vi.fn(async () => jsonResponse({ ...packument, name: 'pkg-b' }));
    vi.stubGlobal('fetch', fetchSpy);
    try {
      const { value, abort } = early(URL_A, jsonResponse(packument));
      const service = createRegistryService({ early: value });
      const outcome = await service.fetchPackage('job-1', 'https://r.test', 'pkg-b');
      expect(outcome.ok).toBe(true);
      expect(fetchSpy).toHaveBeenCalledOnce();
      expect(abort).toHaveBeenCalledOnce();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
