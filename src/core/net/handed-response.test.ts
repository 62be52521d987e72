import { describe, expect, it, vi } from 'vitest';
import { fetchWithHandedResponse, receiveResponse, sendResponse, type HandOverPort } from './handed-response';
import type { FetchLike } from './http-client';
import { getJson } from './http-client';
import { isAbortError } from './http-errors';

const URL_ASKED = 'https://registry.test/big';

/** A body that yields `chunks`, then ends (or hangs, with `hang`); records a cancel. */
function source(chunks: string[], { hang = false, breakAfter = Infinity } = {}) {
  const cancelled = vi.fn();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= breakAfter) return controller.error(new TypeError('reset'));
      const next = chunks[sent++];
      if (next !== undefined) return controller.enqueue(new TextEncoder().encode(next));
      if (!hang) controller.close();
      return new Promise(() => undefined);
    },
    cancel: cancelled,
  });
  return { body, cancelled };
}

function answered(
  body: ReadableStream<Uint8Array> | null,
  init: { status?: number; url?: string; headers?: Record<string, string> } = {},
) {
  const response = new Response(body, {
    status: init.status ?? 200,
    headers: init.headers ?? { 'content-type': 'application/json' },
  });
  Object.defineProperty(response, 'url', { value: init.url ?? URL_ASKED });
  return response;
}

/** The page's end and the worker's, over a real MessageChannel. */
function exchange(response: Promise<Response>) {
  const channel = new MessageChannel();
  sendResponse(response, channel.port1 as unknown as HandOverPort);
  return receiveResponse(channel.port2 as unknown as HandOverPort);
}

const neverCalled: FetchLike = () => Promise.reject(new Error('the worker made a request of its own'));

describe('handing a response to another thread', () => {
  it('gives the worker the status, headers, URL and every byte of the body, in order', async () => {
    const { body } = source(['{"versions":', '{"1.0.0":{}', '},"name":"big"}']);
    const response = await exchange(Promise.resolve(answered(body, { status: 203, headers: { etag: '"x"' } })));
    expect(response?.status).toBe(203);
    expect(response?.url).toBe(URL_ASKED);
    expect(response?.headers.get('etag')).toBe('"x"');
    expect(await response?.text()).toBe('{"versions":{"1.0.0":{}},"name":"big"}');
  });

  it('getJson reads the handed response on its usual path, and makes no request of its own', async () => {
    const { body } = source(['{"name":', '"big"}']);
    const fetchImpl = fetchWithHandedResponse(URL_ASKED, exchange(Promise.resolve(answered(body))), neverCalled);
    expect(await getJson(URL_ASKED, { fetchImpl })).toEqual({ url: URL_ASKED, status: 200, body: { name: 'big' } });
  });

  it('the redirect check sees the URL that answered: another origin is refused', async () => {
    const { body } = source(['{}']);
    const handed = exchange(Promise.resolve(answered(body, { url: 'https://elsewhere.test/big' })));
    const fetchImpl = fetchWithHandedResponse(URL_ASKED, handed, neverCalled);
    await expect(getJson(URL_ASKED, { fetchImpl })).rejects.toMatchObject({ code: 'CROSS_ORIGIN_REDIRECT' });
  });

  it("when the page's request failed, the worker makes its own (which says why)", async () => {
    const fallback = vi.fn<FetchLike>(() => Promise.reject(new TypeError('Failed to fetch')));
    const fetchImpl = fetchWithHandedResponse(URL_ASKED, exchange(Promise.reject(new TypeError('cors'))), fallback);
    await expect(getJson(URL_ASKED, { fetchImpl })).rejects.toMatchObject({ code: 'NETWORK' });
    expect(fallback.mock.calls[0]?.[0]).toBe(URL_ASKED);
  });

  it('only the first plain GET of the URL is answered with it: a retry, a probe and other URLs are fetched', async () => {
    const { body } = source(['{}']);
    const fallback = vi.fn<FetchLike>(() => Promise.resolve(answered(null, { status: 204 })));
    const fetchImpl = fetchWithHandedResponse(URL_ASKED, exchange(Promise.resolve(answered(body))), fallback);
    await fetchImpl('https://registry.test/other', { method: 'GET' });
    await fetchImpl(URL_ASKED, { method: 'GET', mode: 'no-cors' });
    expect(fallback).toHaveBeenCalledTimes(2);
    expect(await (await fetchImpl(URL_ASKED, { method: 'GET' })).text()).toBe('{}');
    await fetchImpl(URL_ASKED, { method: 'GET' });
    expect(fallback).toHaveBeenCalledTimes(3);
  });

  it('a 429 is handed over as it is, and the retry is a request of its own', async () => {
    const fallback = vi.fn<FetchLike>(() => Promise.resolve(answered(new Response('{"ok":1}').body)));
    const handed = exchange(
      Promise.resolve(answered(source(['slow down']).body, { status: 429, headers: { 'retry-after': '0' } })),
    );
    const fetchImpl = fetchWithHandedResponse(URL_ASKED, handed, fallback);
    const result = await getJson(URL_ASKED, { fetchImpl, sleep: () => Promise.resolve() });
    expect(result.body).toEqual({ ok: 1 });
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('a body that breaks off is a read error in the worker', async () => {
    const { body } = source(['{"a":', '1'], { breakAfter: 1 });
    const response = await exchange(Promise.resolve(answered(body)));
    await expect(response?.text()).rejects.toThrow(TypeError);
  });

  it('the worker giving up on the body (a timeout, a cancel) stops the page reading it', async () => {
    const { body, cancelled } = source(['{"a":'], { hang: true });
    const response = await exchange(Promise.resolve(answered(body)));
    const reader = response?.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('{"a":');
    await reader?.cancel();
    await vi.waitFor(() => expect(cancelled).toHaveBeenCalled());
  });

  it('aborted before the response came: rejects as aborted, and the body that comes later is cancelled', async () => {
    const { body, cancelled } = source(['{}'], { hang: true });
    let answer!: (response: Response) => void;
    const handed = exchange(new Promise<Response>((resolve) => (answer = resolve)));
    const fetchImpl = fetchWithHandedResponse(URL_ASKED, handed, neverCalled);
    const controller = new AbortController();
    const pending = fetchImpl(URL_ASKED, { method: 'GET', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toSatisfy(isAbortError);
    answer(answered(body));
    await vi.waitFor(() => expect(cancelled).toHaveBeenCalled());
  });
});
