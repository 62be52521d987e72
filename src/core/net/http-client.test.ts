import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFixture } from '../../../test/support/fixtures';
import {
  fakeFetch,
  fakeSleep,
  hangingFetch,
  jsonResponse,
  statusResponse,
  textResponse,
} from '../../../test/support/fake-fetch';
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

  it('a 429 or a 503 with Retry-After (seconds or an HTTP date) is retried after that wait', async () => {
    const sleeper = fakeSleep();
    const seconds = fakeFetch(statusResponse(429, { 'Retry-After': '3' }), jsonResponse({ n: 1 }));
    await expect(
      getJson('https://r.test/x', { fetchImpl: seconds.fetchImpl, sleep: sleeper.sleep }),
    ).resolves.toMatchObject({ body: { n: 1 } });
    const date = new Date(Date.now() + 4_000).toUTCString();
    const unavailable = fakeFetch(statusResponse(503, { 'Retry-After': date }), jsonResponse({ n: 2 }));
    await expect(
      getJson('https://r.test/x', { fetchImpl: unavailable.fetchImpl, sleep: sleeper.sleep }),
    ).resolves.toMatchObject({ body: { n: 2 } });
    expect(seconds.requests).toHaveLength(2);
    expect(unavailable.requests).toHaveLength(2);
    expect(sleeper.calls[0]).toBe(3_000);
    // An HTTP date has whole seconds (the milliseconds cut off): 3 to 4 s from now, rounded up.
    expect([3_000, 4_000]).toContain(sleeper.calls[1]);
  });

  it('a 503 without Retry-After, or asking for longer than the cap, fails at once', async () => {
    const sleeper = fakeSleep();
    const bare = fakeFetch(statusResponse(503), jsonResponse({}));
    await expect(
      getJson('https://r.test/x', { fetchImpl: bare.fetchImpl, sleep: sleeper.sleep }),
    ).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 503 });
    const long = fakeFetch(statusResponse(503, { 'Retry-After': '31' }), jsonResponse({}));
    await expect(
      getJson('https://r.test/x', { fetchImpl: long.fetchImpl, sleep: sleeper.sleep }),
    ).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 503 });
    expect(bare.requests).toHaveLength(1);
    expect(long.requests).toHaveLength(1);
    expect(sleeper.calls).toEqual([]);
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

  it('a large member parsed while the body arrives (split): the same document, and the same errors', async () => {
    // DERIVED: a 600-version packument (about 1.5 MB) sent in 16 KB chunks, 2 ms apart.
    const version = (v: string) => ({
      name: 'p',
      version: v,
      description: 'é "x" },"1.0.0":{ '.repeat(60),
      dist: { integrity: v },
    });
    const versions: Record<string, unknown> = {};
    for (let i = 0; i < 600; i++) versions[`1.0.${i}`] = version(`1.0.${i}`);
    const text = JSON.stringify({ name: 'p', 'dist-tags': { latest: '1.0.599' }, versions, time: { created: 'x' } });
    const bytes = new TextEncoder().encode(text);
    const sent = (end: number) => () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async start(controller) {
            // Chunks that cut multi-byte characters too.
            for (let at = 0; at < end; at += 16_383) {
              controller.enqueue(bytes.slice(at, Math.min(at + 16_383, end)));
              await new Promise((resolve) => setTimeout(resolve, 2));
            }
            controller.close();
          },
        }),
        { status: 200 },
      );
    const split = { name: 'versions', likelyKey: (key: string) => /^\d+\.\d+\.\d+$/.test(key) };
    const parse = vi.spyOn(JSON, 'parse');
    const { body } = await getJson('https://r.test/p', { fetchImpl: fakeFetch(sent(bytes.length)).fetchImpl, split });
    // The whole text was never parsed at once: its members were, while it arrived.
    expect(parse.mock.calls.some(([argument]) => argument.length >= text.length)).toBe(false);
    parse.mockRestore();
    expect(body).toStrictEqual(JSON.parse(text));

    const cut = getJson('https://r.test/p', { fetchImpl: fakeFetch(sent(bytes.length - 40)).fetchImpl, split });
    await expect(cut).rejects.toMatchObject({
      code: 'MALFORMED_RESPONSE',
      message: expect.stringMatching(/^The response is truncated/),
    });
  });

  it('a large body there at once (split): a provisional reading of its end first, then the whole document', async () => {
    // DERIVED: a 2,000-version packument of about 5 MB, sent in one piece.
    const versions: Record<string, unknown> = {};
    for (let i = 0; i < 2000; i++) versions[`1.0.${i}`] = { version: `1.0.${i}`, readme: 'é },"1.0.0":{ '.repeat(150) };
    const doc = { name: 'p', 'dist-tags': { latest: '1.0.1999' }, versions, time: { created: 'x' }, readme: 'r' };
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(4.5 * 1024 * 1024);
    const split = { name: 'versions', likelyKey: (key: string) => /^\d+\.\d+\.\d+$/.test(key) };
    const seen: string[] = [];
    const readings: Record<string, unknown>[] = [];
    const { body } = await getJson('https://r.test/p', {
      fetchImpl: fakeFetch(textResponse(text)).fetchImpl,
      split,
      onProvisional: (document) => {
        seen.push('provisional');
        readings.push(document);
        return true;
      },
    }).then((response) => {
      seen.push('whole');
      return response;
    });
    expect(seen).toEqual(['provisional', 'whole']);
    expect(body).toStrictEqual(doc);
    // The top-level members, and the last versions only.
    const reading = readings[0]!;
    expect(Object.keys(reading)).toEqual(Object.keys(doc));
    expect(reading.time).toEqual(doc.time);
    const last = Object.keys(reading.versions as object);
    expect(last.length).toBeGreaterThan(100);
    expect(last.length).toBeLessThan(1000);
    expect(last).toEqual(Object.keys(versions).slice(-last.length));

    // A reading that lacks what the caller needs: the same end with the first versions,
    // then a longer end (and it with the first versions), then no more.
    const refused: Record<string, unknown>[] = [];
    const longer = await getJson('https://r.test/p', {
      fetchImpl: fakeFetch(textResponse(text)).fetchImpl,
      split,
      onProvisional: (document) => {
        refused.push(document);
        return false;
      },
    });
    expect(longer.body).toStrictEqual(doc);
    expect(refused).toHaveLength(4);
    const keys = refused.map((document) => Object.keys(document.versions as object));
    const all = Object.keys(versions);
    expect(keys[2]!.length).toBeGreaterThan(3 * keys[0]!.length);
    for (const i of [0, 2]) expect(keys[i]).toEqual(all.slice(-keys[i]!.length));
    for (const i of [1, 3]) {
      const first = keys[i]!.length - keys[i - 1]!.length;
      expect(first).toBeGreaterThan(100);
      expect(keys[i]).toEqual([...all.slice(0, first), ...keys[i - 1]!]);
    }

    // A first look that throws costs nothing of the load.
    const again = await getJson('https://r.test/p', {
      fetchImpl: fakeFetch(textResponse(text)).fetchImpl,
      split,
      onProvisional: () => {
        throw new Error('broken first look');
      },
    });
    expect(again.body).toStrictEqual(doc);

    // A small document: nothing provisional (it is parsed whole soon enough).
    const small = JSON.stringify({ name: 'p', versions: { '1.0.0': {}, '1.0.1': {} } });
    let called = 0;
    await getJson('https://r.test/p', {
      fetchImpl: fakeFetch(textResponse(small)).fetchImpl,
      split,
      onProvisional: () => {
        called += 1;
        return true;
      },
    });
    expect(called).toBe(0);
  });

  it('a provisional reading as soon as the last bytes are in, before the body ends, and once', async () => {
    // DERIVED: 2,000 versions of about 2 KB, in three pieces, the first ending with a `}`
    // inside the document. The body's end is signalled only when the test says.
    const versions: Record<string, unknown> = {};
    for (let i = 0; i < 2000; i++) versions[`1.0.${i}`] = { version: `1.0.${i}`, readme: 'é },"1.0.0":{ '.repeat(150) };
    const doc = { name: 'p', 'dist-tags': { latest: '1.0.1999' }, versions, time: { created: 'x' } };
    const text = JSON.stringify(doc);
    const inside = text.indexOf('}', text.length / 3) + 1;
    const pieces = [text.slice(0, inside), text.slice(inside, -10), text.slice(-10)];
    expect(pieces[0]!.endsWith('}')).toBe(true);
    const split = { name: 'versions', likelyKey: (key: string) => /^\d+\.\d+\.\d+$/.test(key) };
    const load = (after: string) => {
      let stream!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void (stream = controller) });
      const sent: number[] = [];
      const send = (i: number) => {
        stream.enqueue(new TextEncoder().encode(pieces[i]));
        sent.push(i);
      };
      const offered: number[] = [];
      const result = getJson('https://r.test/p', {
        fetchImpl: fakeFetch(() => new Response(body, { status: 200 })).fetchImpl,
        split,
        onProvisional: (document) => {
          offered.push(sent.length);
          const held = Object.keys(document.versions as object);
          expect(held).toEqual(Object.keys(versions).slice(-held.length));
          return true;
        },
      });
      const end = () => {
        if (after) stream.enqueue(new TextEncoder().encode(after));
        stream.close();
      };
      return { result, send, end, offered };
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

    const body = load('');
    let done = false;
    void body.result.then(() => (done = true));
    body.send(0);
    await settle();
    // Not the document's end: nothing offered.
    expect(body.offered).toEqual([]);
    body.send(1);
    body.send(2);
    await settle();
    // Every byte is in, the body has not ended: the reading is offered now.
    expect(body.offered).toEqual([3]);
    expect(done).toBe(false);
    body.end();
    await expect(body.result).resolves.toMatchObject({ body: doc });
    // Not asked for again at the end.
    expect(body.offered).toEqual([3]);

    // Text after the document's end: the whole is still refused, as without the first look.
    const more = load(' x');
    for (const i of [0, 1, 2]) more.send(i);
    await settle();
    expect(more.offered).toEqual([3]);
    more.end();
    await expect(more.result).rejects.toMatchObject({ code: 'MALFORMED_RESPONSE' });
  });

  it('readings asked for before the body ends: one end each, four at most', async () => {
    // DERIVED: 3,000 versions of about 1 KB, in 21 pieces, each but the last ending with a
    // `}` inside the document, once more than 2 MB are in.
    const versions: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) versions[`1.0.${i}`] = { version: `1.0.${i}`, readme: 'r'.repeat(1000) };
    const doc = { name: 'p', versions, time: { created: 'x' } };
    const text = JSON.stringify(doc);
    const cuts = Array.from({ length: 20 }, (_, i) => text.indexOf('}', 2_300_000 + i * 10_000) + 1);
    const pieces = [0, ...cuts].map((at, i) => text.slice(at, cuts[i] ?? text.length));
    expect(pieces.join('')).toBe(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(new TextEncoder().encode(piece));
        controller.close();
      },
    });
    const parse = vi.spyOn(JSON, 'parse');
    let offered = 0;
    const { body: value } = await getJson('https://r.test/p', {
      fetchImpl: fakeFetch(() => new Response(body, { status: 200 })).fetchImpl,
      split: { name: 'versions', likelyKey: (key: string) => /^\d+\.\d+\.\d+$/.test(key) },
      onProvisional: () => {
        offered += 1;
        return true;
      },
    });
    // Four ends parsed (and failed) before the last piece, the one taken after it, then the whole.
    const large = parse.mock.calls.map(([argument]) => argument.length).filter((length) => length > 400_000);
    parse.mockRestore();
    expect(value).toStrictEqual(doc);
    expect(offered).toBe(1);
    expect(large).toHaveLength(6);
    expect(large.slice(0, 5).every((length) => length < 700_000)).toBe(true);
    expect(large[5]).toBe(text.length);
  });

  it('afterProvisional: awaited once a reading was taken, before the whole parse; no timeout runs meanwhile', async () => {
    // DERIVED: 1,400 versions of about 1 KB, sent in one piece.
    const versions: Record<string, unknown> = {};
    for (let i = 0; i < 1400; i++) versions[`1.0.${i}`] = { version: `1.0.${i}`, readme: 'r'.repeat(1000) };
    const doc = { name: 'p', versions, time: { created: 'x' } };
    const text = JSON.stringify(doc);
    const split = { name: 'versions', likelyKey: (key: string) => /^\d+\.\d+\.\d+$/.test(key) };
    const load = (onProvisional: () => boolean, afterProvisional: () => Promise<void>) =>
      getJson('https://r.test/p', {
        fetchImpl: fakeFetch(textResponse(text)).fetchImpl,
        split,
        // Shorter than the wait below: it must not fire once the body is in.
        idleTimeoutMs: 20,
        totalTimeoutMs: 40,
        onProvisional,
        afterProvisional,
      });
    const seen: string[] = [];
    let release!: () => void;
    const loading = load(
      () => {
        seen.push('provisional');
        return true;
      },
      () => {
        seen.push('after');
        return new Promise<void>((resolve) => (release = resolve));
      },
    ).then((response) => {
      seen.push('whole');
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen).toEqual(['provisional', 'after']);
    release();
    await expect(loading).resolves.toMatchObject({ body: doc });
    expect(seen).toEqual(['provisional', 'after', 'whole']);

    // A reading refused: nothing to wait for.
    let waited = 0;
    const refused = await load(
      () => false,
      () => {
        waited += 1;
        return Promise.resolve();
      },
    );
    expect(refused.body).toStrictEqual(doc);
    expect(waited).toBe(0);

    // A rejection (the caller's abort) ends the request with it, as an abort, not as a
    // timeout that ran out while it waited.
    const abortLater = () =>
      new Promise<void>((_, reject) => setTimeout(() => reject(new DOMException('Aborted', 'AbortError')), 60));
    await expect(load(() => true, abortLater)).rejects.toMatchObject({ code: 'ABORTED' });
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

/** A response whose body sends `first` and then nothing more, ever (a stalled server). */
function stallingResponse(first: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** A response whose body sends one byte every `everyMs`, never finishing. */
function tricklingResponse(everyMs: number): Response {
  let timer: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => controller.enqueue(new Uint8Array([0x20])), everyMs);
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(body, { status: 200 });
}

function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

function opaque(): Response {
  const response = new Response(null, { status: 200 });
  Object.defineProperty(response, 'type', { value: 'opaque' });
  return response;
}

describe('getJson timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a server that never sends headers ends in TIMEOUT after the idle timeout', async () => {
    const { fetchImpl, requests } = hangingFetch();
    const result = getJson('https://r.test/x', { fetchImpl, idleTimeoutMs: 1500 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1499);
    expect(requests[0]?.init.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await result) as RegistryError;
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.code).toBe('TIMEOUT');
    expect(error.url).toBe('https://r.test/x');
    expect(error.message).toBe('Nothing arrived from the server for 1.5 s, so the request was stopped.');
    expect(requests[0]?.init.signal?.aborted).toBe(true);
  });

  it('headers and part of the body, then silence: TIMEOUT saying how much arrived', async () => {
    const { fetchImpl } = fakeFetch(stallingResponse('{"name":"vue","vers'));
    const result = getJson('https://r.test/x', { fetchImpl, idleTimeoutMs: 2000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await result).toMatchObject({
      code: 'TIMEOUT',
      message:
        'Nothing arrived from the server for 2 s, so the request was stopped (19 bytes of the body had arrived).',
    });
  });

  it('a body that trickles in forever ends at the total timeout, not the idle one', async () => {
    const { fetchImpl } = fakeFetch(tricklingResponse(500));
    const result = getJson('https://r.test/x', { fetchImpl, idleTimeoutMs: 1000, totalTimeoutMs: 4000 }).catch(
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(4000);
    const error = (await result) as RegistryError;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(
      /^The request took longer than 4 s and was stopped \(\d+ bytes of the body had arrived\)\.$/,
    );
  });

  it('the defaults: 20 s idle', async () => {
    const { fetchImpl } = hangingFetch();
    const result = getJson('https://r.test/x', { fetchImpl }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(19_999);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('for 20 s') });
  });

  it('the caller cancelling is ABORTED, not TIMEOUT', async () => {
    const { fetchImpl } = hangingFetch();
    const controller = new AbortController();
    const result = getJson('https://r.test/x', { fetchImpl, signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await result).toMatchObject({ code: 'ABORTED' });
  });

  it('a fast answer leaves no timer behind', async () => {
    const { fetchImpl } = fakeFetch(jsonResponse({ ok: 1 }));
    await expect(getJson('https://r.test/x', { fetchImpl, idleTimeoutMs: 10 })).resolves.toMatchObject({
      body: { ok: 1 },
    });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('getJson redirects and CORS', () => {
  it('a redirect to another origin is refused with CROSS_ORIGIN_REDIRECT', async () => {
    const { fetchImpl } = fakeFetch(withUrl(jsonResponse({ name: 'evil' }), 'http://localhost:4873/vue'));
    await expect(getJson('http://127.0.0.1:4873/vue', { fetchImpl })).rejects.toMatchObject({
      code: 'CROSS_ORIGIN_REDIRECT',
      url: 'http://127.0.0.1:4873/vue',
      message:
        'The registry redirected this request to another origin (http://localhost:4873); only redirects within http://127.0.0.1:4873 are followed, so its answer was not used.',
    });
  });

  it('a redirect within the origin is followed', async () => {
    const { fetchImpl } = fakeFetch(withUrl(jsonResponse({ ok: 1 }), 'https://r.test/other/path'));
    await expect(getJson('https://r.test/x', { fetchImpl })).resolves.toMatchObject({ body: { ok: 1 } });
  });

  it('a failed request whose server answers a no-cors probe is CORS, and the probe is a plain no-cors GET', async () => {
    const { fetchImpl, requests } = fakeFetch(new TypeError('Failed to fetch'), opaque());
    await expect(getJson('https://r.test/-/npm/v1/keys', { fetchImpl })).rejects.toMatchObject({
      code: 'CORS',
      message:
        'The browser refused to let this page read the answer of https://r.test: it answered without CORS headers (Access-Control-Allow-Origin).',
    });
    expect(requests).toHaveLength(2);
    expect(requests[1]?.init).toMatchObject({ method: 'GET', mode: 'no-cors', credentials: 'omit' });
    expect(requests[1]?.init.headers).toBeUndefined();
  });

  it('a failed request whose probe fails too (or is not opaque) is NETWORK', async () => {
    for (const probe of [new TypeError('Failed to fetch'), jsonResponse({})]) {
      const { fetchImpl } = fakeFetch(new TypeError('Failed to fetch'), probe);
      await expect(getJson('https://r.test/x', { fetchImpl })).rejects.toMatchObject({ code: 'NETWORK' });
    }
  });
});
