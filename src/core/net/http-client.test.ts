import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../test/support/fixtures';
import { fakeFetch, fakeSleep, jsonResponse, statusResponse, textResponse } from '../../../test/support/fake-fetch';
import { getJson, parseRetryAfter } from './http-client';
import { RegistryError, isAbortError, toRegistryError } from './http-errors';

describe('parseRetryAfter', () => {
  const now = Date.parse('2015-10-21T07:28:00.000Z');

  it.each([
    ['0', 0],
    ['3', 3],
    [' 120 ', 120],
    ['Wed, 21 Oct 2015 07:28:05 GMT', 5],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 0],
    // A date in the past means "now", never a negative wait.
    ['Wed, 21 Oct 2015 07:00:00 GMT', 0],
  ])('%j → %j s', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it('rounds a date a fraction of a second away up to a whole second', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:01 GMT', now - 500)).toBe(2);
  });

  it.each([null, '', '   ', 'soon', 'Someday, 99 Foo 9999'])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('getJson', () => {
  it('passes a custom Accept header and nothing else', async () => {
    const { fetchImpl, requests } = fakeFetch(jsonResponse({ ok: 1 }));
    const result = await getJson('https://r.test/x', { fetchImpl, accept: 'application/vnd.npm.install-v1+json' });
    expect(result).toEqual({ url: 'https://r.test/x', status: 200, body: { ok: 1 } });
    expect(requests[0]?.init.headers).toEqual({ Accept: 'application/vnd.npm.install-v1+json' });
  });

  it('rateLimitRetries: 0 fails the first 429; maxRetryAfterSeconds bounds the wait', async () => {
    const none = fakeFetch(statusResponse(429, { 'Retry-After': '1' }), jsonResponse({}));
    const sleeper = fakeSleep();
    await expect(
      getJson('https://r.test/x', { fetchImpl: none.fetchImpl, sleep: sleeper.sleep, rateLimitRetries: 0 }),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(sleeper.calls).toEqual([]);
    const bounded = fakeFetch(statusResponse(429, { 'Retry-After': '6' }), jsonResponse({}));
    await expect(
      getJson('https://r.test/x', { fetchImpl: bounded.fetchImpl, sleep: sleeper.sleep, maxRetryAfterSeconds: 5 }),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 6,
    });
    expect(bounded.requests).toHaveLength(1);
  });

  it('a 404 is NOT_FOUND with the URL; other 4xx are HTTP_STATUS', async () => {
    await expect(
      getJson('https://r.test/x', { fetchImpl: fakeFetch(statusResponse(404)).fetchImpl }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      url: 'https://r.test/x',
      message: 'Not found (HTTP 404).',
    });
    await expect(
      getJson('https://r.test/x', { fetchImpl: fakeFetch(statusResponse(403)).fetchImpl }),
    ).rejects.toMatchObject({
      code: 'HTTP_STATUS',
      status: 403,
      message: 'The registry answered HTTP 403.',
    });
  });

  it.each(['{"a": "b', '[', '{"name":"vue","versions":{"1":{"a":tr'])(
    'truncated %j is reported as truncated',
    async (text) => {
      await expect(
        getJson('https://r.test/x', { fetchImpl: fakeFetch(textResponse(text)).fetchImpl }),
      ).rejects.toMatchObject({
        code: 'MALFORMED_RESPONSE',
        message: expect.stringMatching(/^The response is truncated/),
      });
    },
  );

  it('a complete document with a syntax error inside is "not valid JSON", not truncated', async () => {
    await expect(
      getJson('https://r.test/x', { fetchImpl: fakeFetch(textResponse('{"a": 1,, "b": 2}')).fetchImpl }),
    ).rejects.toMatchObject({
      code: 'MALFORMED_RESPONSE',
      message: expect.stringMatching(/^The response is not valid JSON: /),
    });
  });

  it('derived: a document cut anywhere is reported as truncated', async () => {
    // DERIVED: the recorded vue packument cut after a comma, a `{`, a property name or
    // an array element. V8 then says "Expected ',' or ']' after array element in JSON
    // at position N" (N = the text length), which the message regex does not match, so
    // the user is told the JSON is invalid instead of cut short.
    const full = JSON.stringify(readFixture('registry/packuments/vue.json'));
    const cuts = ['{"a": [1, 2', '{', '{"a":1,', '{"a"', '{"a":12'];
    for (let n = 1; n < full.length; n += 97) cuts.push(full.slice(0, n));
    for (const text of cuts) {
      const error = await getJson('https://r.test/x', { fetchImpl: fakeFetch(textResponse(text)).fetchImpl }).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message, JSON.stringify(text.slice(-20))).toMatch(/^The response is truncated/);
    }
  });

  it('an empty 200 body is truncated JSON, not a crash', async () => {
    await expect(
      getJson('https://r.test/x', { fetchImpl: fakeFetch(textResponse('')).fetchImpl }),
    ).rejects.toMatchObject({
      code: 'MALFORMED_RESPONSE',
    });
  });

  it('a fetch that throws something that is not an Error is still NETWORK', async () => {
    const fetchImpl = () => Promise.reject('boom');
    await expect(getJson('https://r.test/x', { fetchImpl })).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

describe('RegistryError helpers', () => {
  it('toData keeps only the fields that are set, and round-trips through the constructor', () => {
    const error = new RegistryError({
      code: 'RATE_LIMITED',
      message: 'm',
      url: 'u',
      status: 429,
      retryAfterSeconds: 3,
    });
    expect(error.name).toBe('RegistryError');
    expect(error.toData()).toEqual({ code: 'RATE_LIMITED', message: 'm', url: 'u', status: 429, retryAfterSeconds: 3 });
    expect(new RegistryError({ code: 'NETWORK', message: 'x' }).toData()).toEqual({ code: 'NETWORK', message: 'x' });
    const rebuilt = new RegistryError(structuredClone(error.toData()));
    expect(rebuilt.toData()).toEqual(error.toData());
    expect(rebuilt).toBeInstanceOf(RegistryError);
  });

  it('toRegistryError turns anything thrown into a RegistryError', () => {
    const original = new RegistryError({ code: 'NOT_FOUND', message: 'x' });
    expect(toRegistryError(original)).toBe(original);
    expect(toRegistryError(new DOMException('a', 'AbortError'), 'u')).toMatchObject({ code: 'ABORTED', url: 'u' });
    expect(toRegistryError(new Error('kaputt'))).toMatchObject({ code: 'NETWORK', message: 'kaputt' });
    expect(toRegistryError('plain')).toMatchObject({ code: 'NETWORK', message: 'plain' });
    expect(toRegistryError(null)).toMatchObject({ code: 'NETWORK', message: 'null' });
  });

  it('isAbortError knows AbortError and TimeoutError by name only', () => {
    expect(isAbortError(new DOMException('a', 'AbortError'))).toBe(true);
    expect(isAbortError({ name: 'TimeoutError' })).toBe(true);
    expect(isAbortError(new Error('AbortError'))).toBe(false);
    expect(isAbortError(null)).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
  });
});
